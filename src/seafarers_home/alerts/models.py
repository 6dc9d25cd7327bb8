"""Persistent crisis alerts and the clinicians' duty tiers that receive them.

A crisis signal is never lost: an alert row is written in the same transaction as whatever
raised it (a screening response, a flagged message, a counsellor's flag), stays open until a
clinician acknowledges it, and escalates tier by tier on a timer run by the task worker.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class DutyShift(TimestampedModel):
    """Who receives alerts at which tier and when. Tier 1 is the on-duty clinician, tier 2 the
    on-call psychiatrist, tier 3 the clinic's head. The hotline issue extends the roster."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="duty_shifts"
    )
    tier = models.PositiveSmallIntegerField(_("梯队"), default=1)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))

    class Meta:
        verbose_name = _("值班")
        verbose_name_plural = _("值班")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["tier", "starts_at", "ends_at"])]


class CrisisAlert(TimestampedModel):
    class Source(models.TextChoices):
        SCREENING = "screening", _("心理CT")
        INQUIRY = "inquiry", _("在线咨询留言")
        HOTLINE = "hotline", _("心理热线")
        CONSULTATION = "consultation", _("远程咨询")
        SELF = "self", _("本人求助")
        # A critical incident at sea (the team's page) or a master's crewmate-in-crisis report.
        INCIDENT = "incident", _("海上重大事件")
        # Crisis words in a rights case or its messages (the case stays with legal workers).
        RIGHTS = "rights", _("维权案件")

    class Status(models.TextChoices):
        OPEN = "open", _("待确认")
        ACKNOWLEDGED = "acknowledged", _("已确认")
        RESOLVED = "resolved", _("已处理")

    class Outcome(models.TextChoices):
        PHONE = "phone", _("已电话联系")
        CALLBACK = "callback", _("已回拨联系")
        CONSULTATION = "consultation", _("已远程咨询")
        ANSWERED = "answered", _("已在线回复留言")
        NOT_REACHABLE = "not_reachable", _("未能联系上,稍后再试")
        HOTLINE = "hotline", _("已转交心理热线")
        EMERGENCY = "emergency", _("已通知急救或海上搜救")
        REFERRED = "referred", _("已转介线下就诊")
        WITHDRAWN = "withdrawn", _("请求已撤回")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="crisis_alerts"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    source_id = models.CharField(_("来源编号"), max_length=64, blank=True)
    # A short, non-clinical reason code and label (e.g. "phq9_item9"), safe for the alert list.
    reason = models.CharField(_("原因"), max_length=80)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    tier = models.PositiveSmallIntegerField(_("当前梯队"), default=1)
    escalate_at = models.DateTimeField(_("升级时间"), null=True, blank=True, db_index=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("处理完成时间"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # How the alert ended (empty while unresolved): what was done for the person.
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, blank=True)
    # "Not reachable": when the clinician will try again; the alert stays unresolved.
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("危机警报")
        verbose_name_plural = _("危机警报")
        ordering = ["-created_at"]


class AlertNotification(TimestampedModel):
    """Each delivery of an alert to a person (live and by SMS), for the timeline and audit."""

    alert = models.ForeignKey(CrisisAlert, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    tier = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=20)  # "websocket" | "sms"


class AlertAction(TimestampedModel):
    """What was done about an alert, in order: each attempt, and the outcome that ended it.
    Written by the clinician, or by the service that handled the cause (an answered question,
    an urgent consultation, a hotline crisis record)."""

    alert = models.ForeignKey(CrisisAlert, on_delete=models.CASCADE, related_name="actions")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("处理结果"), max_length=20, choices=CrisisAlert.Outcome.choices)
    # Clinical words about a person in crisis: encrypted at rest (DOMAIN rule 1).
    note = EncryptedTextField(_("记录"), blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试时间"), null=True, blank=True)
    # Where the outcome came from when a service closed the alert, e.g. "inquiry:12".
    via = models.CharField(max_length=80, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("警报处理记录")
        verbose_name_plural = _("警报处理记录")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="unique_alert_action_idempotency_key",
            )
        ]


class HelpRequest(TimestampedModel):
    """One press of "I need help now" (我现在需要帮助). Presses while the alert they raised is
    still unacknowledged join that alert instead of paging again; a resent form (same key)
    finds its row."""

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="help_requests"
    )
    alert = models.ForeignKey(CrisisAlert, on_delete=models.PROTECT, related_name="help_requests")
    # The callback the seafarer asked for from the help-now page (the hotline's machinery).
    callback = models.ForeignKey(
        "hotline.CallbackRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="help_requests",
    )
    idempotency_key = models.CharField(max_length=80)
    # When the seafarer said the press was a mistake. The alert stays as it was (a crisis
    # signal is never lost): the clinician sees their word on it and decides.
    mistaken_at = models.DateTimeField(_("本人说明按错的时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("本人求助")
        verbose_name_plural = _("本人求助")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"], name="unique_help_request_key"
            )
        ]
