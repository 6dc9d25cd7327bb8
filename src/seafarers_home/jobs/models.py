"""企业招聘: companies' crew vacancies, the union's review, seafarers' applications.

A company posts only while the union holds it verified and not suspended (``CompanyStanding``:
the organisations app has no verification flag, so the union's decision lives here). A
``Posting`` is public only once union staff approve it; each approval stores the advertised
terms as a ``PostingVersion`` (evidence for a later wage dispute), and an approved posting whose
terms are edited goes back to review. An ``Application`` carries a short profile and a copy of
the certificates the seafarer chose to share — never anything from the health services.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel
from seafarers_home.lib.calendar_months import add_months
from seafarers_home.organisations.models import SeafarerProfile, Vessel

Rank = SeafarerProfile.Rank
VesselType = Vessel.Kind


class CompanyStanding(TimestampedModel):
    """The union's word on a company's right to post vacancies."""

    company = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="job_standing"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    suspended_at = models.DateTimeField(null=True, blank=True)
    suspend_reason = models.CharField(_("暂停原因"), max_length=300, blank=True)

    @property
    def may_post(self) -> bool:
        return self.verified_at is not None and self.suspended_at is None


class Posting(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已发布")
        REJECTED = "rejected", _("未通过")
        CLOSED = "closed", _("已截止")
        SUSPENDED = "suspended", _("已暂停")

    class Currency(models.TextChoices):
        CNY = "CNY", _("人民币")
        USD = "USD", _("美元")

    company = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="job_postings"
    )
    # Who posted, edited and approved it is in the audit trail (jobs.*), not here: the posting
    # is the company's, and an officer who leaves takes no posting with them.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    rank = models.CharField(_("职务"), max_length=30, choices=Rank.choices)
    vessel = models.ForeignKey(
        Vessel, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    vessel_type = models.CharField(_("船舶类型"), max_length=30, choices=VesselType.choices)
    vessel_size = models.CharField(_("船舶规模"), max_length=60, blank=True)
    area = models.CharField(_("航区或渔场"), max_length=80)
    wage_min = models.PositiveIntegerField(_("月工资下限"))
    wage_max = models.PositiveIntegerField(_("月工资上限"))
    currency = models.CharField(_("币种"), max_length=3, choices=Currency.choices)
    contract_months = models.PositiveSmallIntegerField(_("合同期(月)"))
    joining_on = models.DateField(_("上船日期"))
    joining_port = models.CharField(_("上船港口"), max_length=60)
    # Certificate kind codes of certificates/kinds.json the applicant must hold valid.
    required_kinds = models.JSONField(default=list, blank=True)
    min_valid_months = models.PositiveSmallIntegerField(_("证书最少剩余有效期(月)"), default=0)
    places = models.PositiveSmallIntegerField(_("招聘人数"))
    closes_on = models.DateField(_("截止日期"))
    contact = models.CharField(_("联系方式"), max_length=120)
    # The officer confirmed that no fee is charged to seafarers (MLC 2006 Reg. 1.4).
    no_fee_confirmed = models.BooleanField(default=False)
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    payload_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-approved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_posting_unique_key",
            )
        ]
        indexes = [
            models.Index(fields=["status", "closes_on"], name="job_posting_open"),
            models.Index(fields=["company", "status"], name="job_posting_company"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} {self.area}"

    @property
    def contract_ends_on(self) -> datetime.date:
        return add_months(self.joining_on, self.contract_months)

    @property
    def required_valid_until(self) -> datetime.date:
        """The day the required certificates must still be valid on: the contract's end, or
        later when the posting asks for a minimum remaining validity."""
        minimum = add_months(self.joining_on, self.min_valid_months)
        return max(self.contract_ends_on, minimum)


class PostingVersion(models.Model):
    """The terms as approved and published: kept unchanged, readable to every applicant."""

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    terms = models.JSONField()
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["posting", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["posting", "number"], name="job_version_unique")
        ]


class Application(TimestampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已投递")
        VIEWED = "viewed", _("已查看")
        SHORTLISTED = "shortlisted", _("入围")
        INTERVIEW = "interview", _("面试")
        OFFERED = "offered", _("已录用")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("未录用")
        WITHDRAWN = "withdrawn", _("已撤回")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="applications")
    version = models.ForeignKey(
        PostingVersion, on_delete=models.PROTECT, related_name="applications"
    )
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    # The short profile, as the seafarer typed it: nothing is read from other services.
    name = models.CharField(_("姓名"), max_length=60)
    rank = models.CharField(_("职务"), max_length=30, choices=Rank.choices)
    sea_service_months = models.PositiveSmallIntegerField(_("海上资历(月)"))
    languages = models.CharField(_("语言"), max_length=100, blank=True)
    # Copies of the wallet certificates the seafarer chose to share (kind, number, issuer,
    # expiry); a certificate later removed from the wallet stays as shared.
    shared_certificates = models.JSONField(default=list, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    payload_hash = models.CharField(max_length=64, blank=True, default="")

    ACTIVE = ("submitted", "viewed", "shortlisted", "interview", "offered", "accepted")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["posting", "seafarer"],
                condition=~Q(status="withdrawn"),
                name="job_application_one_live",
            ),
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_application_unique_key",
            ),
        ]


class ApplicationMessage(TimestampedModel):
    """One message of an application's thread, from the seafarer or the company."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_company = models.BooleanField(default=False)
    body = models.TextField(max_length=1000)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_message_unique_key",
            )
        ]


class SavedSearch(TimestampedModel):
    """A seafarer's filters; a posting published that matches them is notified."""

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_searches"
    )
    rank = models.CharField(max_length=30, blank=True)
    vessel_type = models.CharField(max_length=30, blank=True)
    area = models.CharField(max_length=80, blank=True)
    wage_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def description(self) -> str:
        """The filters in words, e.g. "渔工 · 远洋渔船 · 太平洋 · ≥ 9000"."""
        parts = [
            str(Rank(self.rank).label) if self.rank in Rank.values else "",
            str(VesselType(self.vessel_type).label)
            if self.vessel_type in VesselType.values
            else "",
            self.area,
            f"≥ {self.wage_from}" if self.wage_from else "",
        ]
        return " · ".join(part for part in parts if part)


class PostingReport(TimestampedModel):
    """A seafarer's report on a posting; union staff read it on the review page."""

    class Reason(models.TextChoices):
        FEE = "fee", _("要求海员缴费")
        TERMS_DIFFER = "terms_differ", _("实际条件与招聘信息不符")
        UNREACHABLE = "unreachable", _("企业联系不上")
        OTHER = "other", _("其他问题")

    posting = models.ForeignKey(Posting, on_delete=models.CASCADE, related_name="reports")
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_reports"
    )
    reason = models.CharField(_("问题"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("详细情况"), max_length=1000, blank=True)
    # The crisis triage's codes for the details (the same triage as every seafarer's words).
    red_flags = models.JSONField(default=list, blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="job_report_unique_key",
            )
        ]
