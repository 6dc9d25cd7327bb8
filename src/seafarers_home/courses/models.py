"""Training courses (培训报名): a provider's courses, their sessions, and seafarers' applications.

A ``Course`` belongs to a training provider (an organisation of kind ``training_provider``) and
may name the certificate kind it issues on completion. A ``CourseSession`` is one run of it:
dates, place, seats, the fee as recorded (paid offline, never online), the certificate kinds an
applicant must hold valid until a date, and what documents to bring. An ``Application`` is a
seafarer's request for a seat: the provider approves (a seat, or the waiting list when the
seats are taken) or declines with a reason; a freed seat goes to the oldest waiting applicant.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel

if TYPE_CHECKING:
    from seafarers_home.courses.seats import SeatCounts


class Course(TimestampedModel):
    provider = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="courses"
    )
    title = models.CharField(_("课程名称"), max_length=80)
    description = models.TextField(_("课程介绍"), max_length=2000, blank=True)
    # The certificate kind (certificates/kinds.json) recorded in the wallet on completion.
    issues_kind = models.CharField(_("结业签发证书"), max_length=40, blank=True)
    certificate_valid_months = models.PositiveSmallIntegerField(
        _("证书有效期(月)"), null=True, blank=True
    )
    # Who published it is in the audit trail (course.create), not here: the course is the
    # provider's, and an officer who leaves takes no course with them.

    class Meta:
        verbose_name = _("培训课程")
        verbose_name_plural = _("培训课程")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class CourseSession(TimestampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    starts_on = models.DateField(_("开班日期"))
    ends_on = models.DateField(_("结业日期"))
    place = models.CharField(_("地点"), max_length=120)
    seats = models.PositiveIntegerField(_("名额"))
    fee_text = models.CharField(_("费用说明"), max_length=80, blank=True)
    # Not a column: the provider's page (views_provider.manage) sets it for its template.
    seat_counts: SeatCounts
    fee_amount = models.DecimalField(
        _("费用(元)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    # Certificate kind codes the applicant must hold valid until ``prerequisites_valid_until``
    # (the session's last day when empty).
    prerequisites = models.JSONField(default=list, blank=True)
    prerequisites_valid_until = models.DateField(_("证书须有效至"), null=True, blank=True)
    documents = models.CharField(_("需提交的材料"), max_length=300, blank=True)
    # A cancelled session takes no applications; its applicants were told why.
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("培训班次")
        verbose_name_plural = _("培训班次")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.course} {self.starts_on}"

    @property
    def required_valid_until(self) -> datetime.date:
        """The day the prerequisite certificates must still be valid on."""
        return self.prerequisites_valid_until or self.ends_on


class Application(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已录取")
        # A seat freed and offered to the oldest waiting applicant, held until offered_until.
        OFFERED = "offered", _("候补递补,待确认")
        WAITLISTED = "waitlisted", _("候补中")
        DECLINED = "declined", _("未录取")
        WITHDRAWN = "withdrawn", _("已取消")
        COMPLETED = "completed", _("已结业")
        NO_SHOW = "no_show", _("缺席")
        CANCELLED = "cancelled", _("班次取消")
        LAPSED = "lapsed", _("未按时确认")

    session = models.ForeignKey(
        CourseSession, on_delete=models.CASCADE, related_name="applications"
    )
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="course_applications"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    note = models.CharField(_("留言"), max_length=300, blank=True)
    # The prerequisite certificates as shared when applying (kind, number, issuer, expiry).
    shared_certificates = models.JSONField(default=list, blank=True)
    # Not a column: the applicants page sets it (shared_certificates with the kinds' names).
    shared: list[dict[str, Any]]
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(_("未录取原因"), max_length=300, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)
    # Until when a seat offered from the waiting list is held for the applicant to confirm.
    offered_until = models.DateTimeField(null=True, blank=True)
    certificate = models.ForeignKey(
        "certificates.Certificate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    payload_hash = models.CharField(max_length=64, blank=True, default="")

    ACTIVE = (Status.PENDING, Status.APPROVED, Status.OFFERED, Status.WAITLISTED)

    class Meta:
        verbose_name = _("培训报名")
        verbose_name_plural = _("培训报名")
        ordering = ["created_at", "pk"]
        constraints = [
            # One live application per seafarer and session: applying twice is one application.
            models.UniqueConstraint(
                fields=["session", "seafarer"],
                condition=Q(status__in=["pending", "approved", "offered", "waitlisted"]),
                name="course_application_one_active",
            ),
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="course_application_unique_key",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.session} {self.seafarer_id} {self.status}"


class ApplicationDocument(TimestampedModel):
    """A document the applicant photographed for the provider, re-encoded (small JPEG, no
    metadata): the original is not kept."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    image = models.BinaryField()
    byte_size = models.PositiveIntegerField()

    class Meta:
        ordering = ["application", "pk"]
