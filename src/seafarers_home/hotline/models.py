"""心理热线: counsellor shifts and states, the live call queue, callbacks, call records.

The queue is rows, not memory: a ``HotlineCall`` waits until the assignment step offers it to
the available counsellor who has been idle longest (``CounsellorState.available_since``).
Offering locks both rows (``select_for_update``), so a call is never offered to two counsellors
and no counsellor holds two offers or two calls — under concurrency on PostgreSQL too.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel
from seafarers_home.lib.zones import hospital_zone_name


class HotlineShift(TimestampedModel):
    class Kind(models.TextChoices):
        COUNSELLOR = "counsellor", _("热线咨询员")
        PSYCHIATRIST = "psychiatrist", _("值班精神科医生")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hotline_shifts"
    )
    kind = models.CharField(_("岗位"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))
    # An on-call psychiatrist's shift is also a tier-2 duty shift of the crisis alerts.
    duty_shift = models.OneToOneField(
        "alerts.DutyShift", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("热线排班")
        verbose_name_plural = _("热线排班")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["kind", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="hotline_shift_ends_after_start",
            )
        ]


class CounsellorState(TimestampedModel):
    class State(models.TextChoices):
        AVAILABLE = "available", _("空闲")
        BUSY = "busy", _("通话中")
        AWAY = "away", _("离开")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hotline_state"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.AWAY, db_index=True
    )
    # When the counsellor last became free: the longest idle is offered the next call.
    available_since = models.DateTimeField(null=True, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("咨询员状态")
        verbose_name_plural = _("咨询员状态")


class HotlineCall(TimestampedModel):
    class Channel(models.TextChoices):
        IN_APP = "in_app", _("应用内语音")
        PHONE_LINE = "phone_line", _("医院热线电话")
        CALLBACK = "callback", _("回拨")

    class Status(models.TextChoices):
        WAITING = "waiting", _("排队中")
        OFFERED = "offered", _("正在分配给咨询员")
        CONNECTED = "connected", _("通话中")
        COMPLETED = "completed", _("已结束")
        ABANDONED = "abandoned", _("来电者挂断")
        DROPPED = "dropped", _("通话中断")
        CALLBACK_OFFERED = "callback_offered", _("无人接听,已建议回拨")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hotline_calls",
    )
    # The caller chose not to show their name to the counsellor.
    anonymous = models.BooleanField(_("匿名"), default=False)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.WAITING, db_index=True
    )
    queued_at = models.DateTimeField(_("排队时间"), db_index=True)
    offered_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    offer_count = models.PositiveSmallIntegerField(default=0)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hotline_calls_taken",
    )
    answered_at = models.DateTimeField(_("接听时间"), null=True, blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    callback = models.ForeignKey(
        "hotline.CallbackRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
    )
    idempotency_key = models.CharField(max_length=80, blank=True)
    # What the request with that key asked for (core.idempotency): a resend that asks for
    # something else is refused, not answered with the old row.
    payload_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("热线来电")
        verbose_name_plural = _("热线来电")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_hotline_call_idempotency_key",
            ),
            # One live call per caller: joining twice finds the call already queued.
            models.UniqueConstraint(
                fields=["seafarer"],
                condition=Q(status__in=["waiting", "offered", "connected"], channel="in_app"),
                name="one_live_hotline_call_per_seafarer",
            ),
            # No counsellor holds two offers or two calls at once.
            models.UniqueConstraint(
                fields=["offered_to"],
                condition=Q(status="offered"),
                name="one_offer_per_counsellor",
            ),
            models.UniqueConstraint(
                fields=["counsellor"],
                condition=Q(status="connected"),
                name="one_connected_call_per_counsellor",
            ),
        ]


class CallOffer(TimestampedModel):
    """Each offer of a call to a counsellor and what became of it (for the supervisor)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("等待接听")
        ACCEPTED = "accepted", _("已接听")
        DECLINED = "declined", _("已拒绝")
        TIMED_OUT = "timed_out", _("超时未接")
        WITHDRAWN = "withdrawn", _("来电者已挂断")

    call = models.ForeignKey(HotlineCall, on_delete=models.CASCADE, related_name="offers")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)


class CallbackRequest(TimestampedModel):
    class Target(models.TextChoices):
        SATELLITE = "satellite", _("船舶卫星电话")
        MOBILE = "mobile", _("手机")
        IN_APP = "in_app", _("应用内语音")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已预约")
        QUEUED = "queued", _("已进入排队")
        DONE = "done", _("已回拨")
        FAILED = "failed", _("多次未接通")
        CANCELLED = "cancelled", _("已取消")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="hotline_callbacks"
    )
    anonymous = models.BooleanField(_("匿名"), default=False)
    target = models.CharField(_("回拨方式"), max_length=20, choices=Target.choices)
    number = models.CharField(_("回拨号码"), max_length=40, blank=True)
    window_start = models.DateTimeField(_("方便接听开始"))
    window_end = models.DateTimeField(_("方便接听结束"))
    time_zone = models.CharField(_("时区"), max_length=64, default=hospital_zone_name)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.SCHEDULED, db_index=True
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    idempotency_key = models.CharField(max_length=80, blank=True)
    # What the request with that key asked for (core.idempotency): a resend that asks for
    # something else is refused, not answered with the old row.
    payload_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("回拨预约")
        verbose_name_plural = _("回拨预约")
        ordering = ["window_start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_callback_idempotency_key",
            ),
            models.CheckConstraint(
                condition=Q(window_end__gt=models.F("window_start")),
                name="callback_window_ends_after_start",
            ),
        ]


class CallbackAttempt(TimestampedModel):
    class Outcome(models.TextChoices):
        REACHED = "reached", _("已接通")
        NO_ANSWER = "no_answer", _("无人接听")
        BUSY = "busy", _("占线")
        UNREACHABLE = "unreachable", _("无法接通(无信号)")
        WRONG_NUMBER = "wrong_number", _("号码错误")

    callback = models.ForeignKey(
        CallbackRequest, on_delete=models.CASCADE, related_name="attempt_rows"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices)


class CallRecord(TimestampedModel):
    """The structured record of one call: in-app, a callback, or one that came in on the
    hospital's ordinary phone line (logged by hand or by the phone system's webhook)."""

    class Source(models.TextChoices):
        APP = "app", _("平台")
        MANUAL = "manual", _("手工登记")
        WEBHOOK = "webhook", _("电话系统推送")

    call = models.OneToOneField(
        HotlineCall, on_delete=models.SET_NULL, null=True, blank=True, related_name="record"
    )
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    channel = models.CharField(_("渠道"), max_length=20, choices=HotlineCall.Channel.choices)
    started_at = models.DateTimeField(_("开始时间"), db_index=True)
    duration_seconds = models.PositiveIntegerField(_("时长(秒)"), default=0)
    # The phone system's call id (webhook) — unique, so a replayed record is not stored twice.
    external_id = models.CharField(max_length=80, null=True, blank=True, unique=True)
    caller_number_hash = models.CharField(max_length=64, blank=True)
    reason_categories = models.JSONField(_("来电原因"), default=list, blank=True)
    risk = models.JSONField(_("风险评估"), default=dict, blank=True)
    actions = models.JSONField(_("采取的措施"), default=list, blank=True)
    follow_up = models.CharField(_("后续跟进"), max_length=20, blank=True)
    note = EncryptedTextField(_("记录"), blank=True)
    is_crisis = models.BooleanField(_("危机"), default=False)
    crisis_checklist = models.JSONField(_("危机处置清单"), default=dict, blank=True)
    alert = models.ForeignKey(
        "alerts.CrisisAlert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(_("记录完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("来电记录")
        verbose_name_plural = _("来电记录")
        ordering = ["-started_at"]


class HotlineFollowUp(TimestampedModel):
    """A follow-up the crisis protocol (or a counsellor) sets: contact the seafarer again."""

    record = models.ForeignKey(CallRecord, on_delete=models.CASCADE, related_name="follow_ups")
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("截止时间"), db_index=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("热线随访")
        verbose_name_plural = _("热线随访")
        ordering = ["due_at", "pk"]
