"""A provider's published availability: recurring weekly hours and exceptions, of a clinician
for 远程咨询 or of a legal worker for legal consultations (``service``; the field ``clinician``
is the provider of either).

Hours are wall-clock times in the hospital's zone (HOSPITAL_TIME_ZONE by default, kept per row so a
daylight-saving zone would still give the right instants). ``actions/slot_sync.sync_slots`` turns
them into ``Slot`` rows (stored in UTC) for the next weeks; the slots are what seafarers book.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel
from seafarers_home.lib.zones import hospital_zone_name


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("星期一")
    TUESDAY = 1, _("星期二")
    WEDNESDAY = 2, _("星期三")
    THURSDAY = 3, _("星期四")
    FRIDAY = 4, _("星期五")
    SATURDAY = 5, _("星期六")
    SUNDAY = 6, _("星期日")


class Availability(TimestampedModel):
    """Every ``weekday`` from ``start_time`` to ``end_time`` (hospital time), cut into slots of
    ``slot_minutes``, from ``valid_from`` until ``valid_until`` (open-ended when empty)."""

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_hours",
        verbose_name=_("服务提供者"),
    )
    service = models.CharField(
        _("服务"),
        max_length=20,
        choices=[("clinical", _("心理健康咨询")), ("legal", _("法律咨询"))],
        default="clinical",
    )
    weekday = models.PositiveSmallIntegerField(_("星期"), choices=Weekday.choices)
    start_time = models.TimeField(_("开始时间"))
    end_time = models.TimeField(_("结束时间"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("每个号源分钟数"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    mode = models.CharField(
        _("方式"),
        max_length=20,
        choices=[("remote", _("远程(音视频)")), ("in_clinic", _("到院面诊"))],
        default="remote",
    )
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("截止日期"), null=True, blank=True)
    time_zone = models.CharField(_("时区"), max_length=64, default=hospital_zone_name)

    class Meta:
        verbose_name = _("出诊时间")
        verbose_name_plural = _("出诊时间")
        ordering = ["clinician", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="availability_ends_after_start",
            ),
        ]


class AvailabilityException(TimestampedModel):
    """One date that differs from the weekly hours: a day (or some hours) off, or extra hours."""

    class Kind(models.TextChoices):
        OFF = "off", _("停诊")
        EXTRA = "extra", _("加诊")

    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultation_exceptions",
        verbose_name=_("服务提供者"),
    )
    service = models.CharField(
        _("服务"),
        max_length=20,
        choices=[("clinical", _("心理健康咨询")), ("legal", _("法律咨询"))],
        default="clinical",
    )
    date = models.DateField(_("日期"), db_index=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    # Empty times on a day off: the whole day.
    start_time = models.TimeField(_("开始时间"), null=True, blank=True)
    end_time = models.TimeField(_("结束时间"), null=True, blank=True)
    slot_minutes = models.PositiveSmallIntegerField(_("每个号源分钟数"), default=30)
    mode = models.CharField(
        _("方式"),
        max_length=20,
        choices=[("remote", _("远程(音视频)")), ("in_clinic", _("到院面诊"))],
        default="remote",
    )
    time_zone = models.CharField(_("时区"), max_length=64, default=hospital_zone_name)

    class Meta:
        verbose_name = _("停诊或加诊")
        verbose_name_plural = _("停诊或加诊")
        ordering = ["clinician", "date", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(start_time__isnull=True, end_time__isnull=True, kind="off")
                    | Q(end_time__gt=models.F("start_time"))
                ),
                name="availability_exception_times",
            ),
        ]
