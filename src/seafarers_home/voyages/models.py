"""Voyage care: voyages, the care pathway's tasks, green-channel referrals, the safe-home plan.

A ``Voyage`` is one seafarer's time aboard one vessel (a crew is several voyages recorded
together, sharing a ``crew_batch``). Its phase — before departure, at sea, after return,
ashore — follows from its dates (``voyages.phases``). Entering a phase creates the seafarer's
``CareTask`` rows from the configurable plan (``CarePlanStep``); a unique constraint on
(voyage, step, sequence) makes the daily run idempotent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class Phase(models.TextChoices):
    BEFORE_DEPARTURE = "before_departure", _("出海前")
    AT_SEA = "at_sea", _("出海中")
    AFTER_RETURN = "after_return", _("归港后")
    ASHORE = "ashore", _("在岸")


class Voyage(TimestampedModel):
    class Source(models.TextChoices):
        SELF = "self", _("本人登记")
        COMPANY = "company", _("企业登记")
        UNION = "union", _("工会登记")
        IMPORT = "import", _("船员名单导入")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="voyages"
    )
    vessel = models.ForeignKey(
        "organisations.Vessel",
        on_delete=models.PROTECT,
        related_name="voyages",
        verbose_name=_("船舶"),
    )
    # The employing company when recorded: officers see their own company's voyages.
    company = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="voyages",
        verbose_name=_("企业"),
    )
    planned_departure = models.DateField(_("计划出海日期"))
    expected_return = models.DateField(_("预计归港日期"))
    actual_departure = models.DateField(_("实际出海日期"), null=True, blank=True)
    actual_return = models.DateField(_("实际归港日期"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    source = models.CharField(_("登记来源"), max_length=20, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    crew_batch = models.CharField(_("船员名单批次"), max_length=40, blank=True, db_index=True)
    # Cached phase, kept by the daily run and by every write (the truth is the dates).
    phase = models.CharField(
        _("阶段"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.BEFORE_DEPARTURE,
        db_index=True,
    )

    class Meta:
        verbose_name = _("航次")
        verbose_name_plural = _("航次")
        ordering = ["-planned_departure", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_return__gte=models.F("planned_departure")),
                name="voyage_returns_after_departure",
            )
        ]


class CarePlanStep(TimestampedModel):
    """One step of the care plan. Tasks are created when a voyage enters ``phase``: due
    ``due_days`` after the phase starts; with ``repeat_days`` a new task every so many days
    while the phase lasts (the at-sea pulse)."""

    class Kind(models.TextChoices):
        SCREENING = "screening", _("心理CT")
        TRAINING = "training", _("心理健康课程")
        CLEARANCE = "clearance", _("健康入职结论")
        PULSE = "pulse", _("海上心情打卡")
        HELP_REMINDER = "help_reminder", _("求助方式提醒")
        SAFE_HOME = "safe_home", _("安心回家计划")
        FOLLOW_UP_CONTACT = "follow_up_contact", _("归港随访")

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    phase = models.CharField(_("阶段"), max_length=20, choices=Phase.choices)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("名称"), max_length=80)
    # For screening steps: the battery code to take (e.g. "pre-departure", "pulse").
    battery_code = models.CharField(_("心理CT组合"), max_length=40, blank=True)
    due_days = models.PositiveSmallIntegerField(_("几天内完成"), default=7)
    repeat_days = models.PositiveSmallIntegerField(_("重复间隔(天)"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("关怀计划步骤")
        verbose_name_plural = _("关怀计划步骤")
        ordering = ["phase", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class CareTask(TimestampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("待完成")
        DONE = "done", _("已完成")
        CANCELLED = "cancelled", _("已取消")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_tasks"
    )
    voyage = models.ForeignKey(Voyage, on_delete=models.CASCADE, related_name="care_tasks")
    step = models.ForeignKey(CarePlanStep, on_delete=models.PROTECT, related_name="tasks")
    sequence = models.PositiveSmallIntegerField(default=1)  # the n-th repeat of the step
    phase = models.CharField(_("阶段"), max_length=20, choices=Phase.choices)
    due_at = models.DateTimeField(_("截止时间"), db_index=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    # Reminders are claimed by setting these in the same UPDATE that selects the row, so a
    # second worker run finds nothing to send.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True)
    # The counsellor who owns a follow-up contact task.
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_care_tasks",
    )

    class Meta:
        verbose_name = _("关怀任务")
        verbose_name_plural = _("关怀任务")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["voyage", "step", "sequence"], name="one_care_task_per_step_repeat"
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"])]


class FollowUpOutcome(TimestampedModel):
    """The 14-day follow-up contact by a counsellor after return."""

    class Result(models.TextChoices):
        REACHED_WELL = "reached_well", _("已联系,状况良好")
        REACHED_NEEDS_HELP = "reached_needs_help", _("已联系,需要进一步帮助")
        NO_ANSWER = "no_answer", _("未联系上")
        DECLINED = "declined", _("本人谢绝")

    task = models.OneToOneField(CareTask, on_delete=models.CASCADE, related_name="outcome")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contacted_at = models.DateTimeField(_("联系时间"))
    result = models.CharField(_("结果"), max_length=30, choices=Result.choices)
    note = EncryptedTextField(_("记录"), blank=True)

    class Meta:
        verbose_name = _("归港随访结果")
        verbose_name_plural = _("归港随访结果")


class GreenChannelReferral(TimestampedModel):
    """Why a seafarer may book a green-channel slot: their return screening, their own
    request, or a clinician's referral. Carries the screening summary to the clinic."""

    class Source(models.TextChoices):
        RETURN_SCREENING = "return_screening", _("归港心理CT结果")
        SELF = "self", _("本人申请")
        CLINICIAN = "clinician", _("医生转介")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="green_channel_referrals"
    )
    voyage = models.ForeignKey(
        Voyage, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screening = models.ForeignKey(
        "screening.Screening", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = EncryptedTextField(_("转介说明"), blank=True)
    appointment = models.OneToOneField(
        "consultations.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="green_channel_referral",
    )

    class Meta:
        verbose_name = _("绿色通道转介")
        verbose_name_plural = _("绿色通道转介")
        ordering = ["-created_at"]


class SafeHomeShare(TimestampedModel):
    """A link a seafarer gives their family to the family page of the safe-home plan. The
    page carries only general content: no name, no health data."""

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safe_home_shares"
    )
    token = models.CharField(max_length=43, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("安心回家家属链接")
        verbose_name_plural = _("安心回家家属链接")


class DashboardSnapshot(models.Model):
    """The programme dashboard as last built by the worker (issue 20 item 4): the page reads
    this one row instead of aggregating every voyage, screening and task on each view. The
    figures are already small-cell suppressed (``voyages.dashboard``); see
    ``voyages.dashboard_snapshot``."""

    key = models.CharField(max_length=40, unique=True)
    built_at = models.DateTimeField()
    data = models.JSONField()

    class Meta:
        verbose_name = _("看板快照")
        verbose_name_plural = _("看板快照")
