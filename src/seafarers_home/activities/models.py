"""Union activities (海员活动) and the seafarers' sign-ups.

An ``Activity`` belongs to the organisation that publishes it: the seafarers' union (union
staff) or a company (its officers, for its own crews). Places are counted in people: a
sign-up takes one place for the seafarer and one for each guest. A sign-up is either holding
places (``CONFIRMED``, or ``OFFERED`` to someone promoted from the waiting list until
``offered_until``) or waiting (``WAITING``, oldest first), or is over (``CANCELLED``,
``LAPSED``: an offer not confirmed in time). Every write goes through ``actions.py`` under
the activity's row lock, which is what keeps the places from being given twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel


class Kind(models.TextChoices):
    CULTURE = "culture", _("文体活动")
    TALK = "talk", _("讲座交流")
    VOLUNTEER = "volunteer", _("志愿服务")
    FAMILY = "family", _("家属联谊")
    # A crew wellbeing session run together with the hospital's clinicians.
    WELLBEING = "wellbeing", _("心理团建")
    OTHER = "other", _("其他")


class Audience(models.TextChoices):
    ALL = "all", _("全体海员")
    COMPANY = "company", _("本企业船员")
    FAMILIES = "families", _("海员及家属")


class Activity(TimestampedModel):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("报名中")
        CANCELLED = "cancelled", _("已取消")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("主办机构"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=80)
    description = models.TextField(_("活动介绍"), max_length=4000)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    online = models.BooleanField(_("线上活动"), default=False)
    place = models.CharField(_("地点或线上链接"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    signup_deadline = models.DateTimeField(_("报名截止"))
    capacity = models.PositiveIntegerField(_("名额(人)"))
    audience = models.CharField(_("面向"), max_length=20, choices=Audience.choices)
    # The company whose crews may sign up (audience COMPANY only).
    company = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("企业"),
    )
    max_guests = models.PositiveSmallIntegerField(_("每人可带家属人数"), default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PUBLISHED)
    cancel_reason = models.CharField(max_length=200, blank=True)
    # The re-encoded picture (JPEG, small, no EXIF), served through an access check.
    picture = models.BinaryField(null=True, blank=True)
    picture_width = models.PositiveIntegerField(default=0)
    picture_height = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("海员活动")
        verbose_name_plural = _("海员活动")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="activity_capacity_positive"),
            models.UniqueConstraint(
                fields=["created_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="activity_unique_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class SignUp(TimestampedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("已报名")
        OFFERED = "offered", _("候补递补,待确认")
        WAITING = "waiting", _("候补中")
        CANCELLED = "cancelled", _("已取消")
        LAPSED = "lapsed", _("未按时确认")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_signups"
    )
    guests = models.PositiveSmallIntegerField(_("同行家属人数"), default=0)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    # Oldest first: when the seafarer joined the waiting list (their sign-up's time).
    waiting_since = models.DateTimeField(null=True, blank=True)
    offered_until = models.DateTimeField(null=True, blank=True)
    # The check-in code the QR shows: random, unique, typed by hand where no camera reads it.
    code = models.CharField(max_length=12, unique=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)

    HOLDING = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITING)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # One standing sign-up per seafarer and activity (a cancelled one may be redone).
            models.UniqueConstraint(
                fields=["activity", "seafarer"],
                condition=Q(status__in=["confirmed", "offered", "waiting"]),
                name="activity_one_active_signup",
            ),
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="activity_signup_unique_idempotency_key",
            ),
        ]

    @property
    def places(self) -> int:
        return 1 + self.guests
