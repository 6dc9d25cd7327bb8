"""The clinical side of 远程咨询: the consultation note, and urgent consultations.

An ``UrgentRequest`` is one episode: union staff or a counsellor ask for a named seafarer (who
may be far at sea and has booked nothing); the on-call psychiatrist is paged through a
persistent crisis alert (acknowledged or escalated like any other); the psychiatrist calls the
seafarer into a room at once, or arranges a callback on the ship's satellite phone when there is
no data link. ``UrgentEvent`` rows are its timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class UrgentRequest(TimestampedModel):
    class Status(models.TextChoices):
        PAGING = "paging", _("正在呼叫值班精神科医生")
        ACKNOWLEDGED = "acknowledged", _("医生已响应")
        IN_CALL = "in_call", _("医生正在呼叫海员进入咨询室")
        CALLBACK_ARRANGED = "callback_arranged", _("已安排卫星电话回拨")
        CLOSED = "closed", _("已结束")

    class Outcome(models.TextChoices):
        TALKED = "talked", _("已与海员交谈,给出初步评估")
        CRISIS_PROTOCOL = "crisis_protocol", _("已启动危机处置")
        REFERRED = "referred", _("已转介线下就诊")
        UNREACHABLE = "unreachable", _("无法联系到海员")
        WITHDRAWN = "withdrawn", _("请求撤回")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="urgent_requests"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Why, in the words of whoever opened it: clinical content, so encrypted and shown to
    # clinicians and the opener only.
    reason = EncryptedTextField(_("情况说明"))
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PAGING, db_index=True
    )
    alert = models.OneToOneField(
        "alerts.CrisisAlert",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urgent_request",
    )
    psychiatrist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="urgent_requests_taken",
    )
    appointment = models.OneToOneField(
        "consultations.Appointment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="urgent_request",
    )
    callback_number = models.CharField(_("回拨号码(船舶卫星电话等)"), max_length=40, blank=True)
    callback_at = models.DateTimeField(_("约定回拨时间"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("紧急远程会诊")
        verbose_name_plural = _("紧急远程会诊")
        ordering = ["-created_at"]


class UrgentEvent(TimestampedModel):
    class Kind(models.TextChoices):
        OPENED = "opened", _("发起紧急会诊请求")
        ACKNOWLEDGED = "acknowledged", _("医生响应")
        ROOM_OPENED = "room_opened", _("医生开启咨询室并呼叫海员")
        CALLBACK_ARRANGED = "callback_arranged", _("安排卫星电话回拨")
        CALLBACK_RESULT = "callback_result", _("回拨结果")
        NOTE_WRITTEN = "note_written", _("医生写下咨询记录")
        CLOSED = "closed", _("结束")

    request = models.ForeignKey(UrgentRequest, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("事件"), max_length=30, choices=Kind.choices)
    # Short, non-clinical detail for the timeline (a time, a reached/not reached).
    detail = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ConsultationNote(TimestampedModel):
    """The clinician's record of one consultation (an appointment, or an urgent episode's
    call). Note and assessment are encrypted at rest; the seafarer sees only the summary the
    clinician chooses to share."""

    class Plan(models.TextChoices):
        FOLLOW_UP = "follow_up", _("预约复诊")
        GREEN_CHANNEL = "green_channel", _("转介绿色通道到院就诊")
        SELF_CARE = "self_care", _("自助学习课程")
        CRISIS_PROTOCOL = "crisis_protocol", _("启动危机处置")

    appointment = models.OneToOneField(
        "consultations.Appointment",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="note",
    )
    urgent_request = models.OneToOneField(
        UrgentRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="note"
    )
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_notes"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = EncryptedTextField(_("咨询记录"))
    assessment = EncryptedTextField(_("评估"), blank=True)
    risk_level = models.CharField(_("风险等级"), max_length=20, blank=True)
    plan = models.JSONField(_("处理计划"), default=list, blank=True)
    follow_up_on = models.DateField(_("复诊日期"), null=True, blank=True)
    lesson_slugs = models.JSONField(_("推荐课程"), default=list, blank=True)
    shared_summary = EncryptedTextField(_("给海员的小结"), blank=True)
    shared_at = models.DateTimeField(_("小结发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("咨询记录")
        verbose_name_plural = _("咨询记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(appointment__isnull=False) | Q(urgent_request__isnull=False),
                name="note_belongs_to_a_consultation",
            )
        ]
