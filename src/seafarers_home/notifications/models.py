"""In-app notifications: the inbox every service writes to (a reply is waiting, a task is due).

A notification's text never carries health details: it is also sent by SMS, and SMS is not
confidential. It says *that* something is waiting and links to the page that shows it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel


class Notification(TimestampedModel):
    class SmsStatus(models.TextChoices):
        NONE = "", _("不发短信")
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # A short code of what raised it ("inquiry.reply", "care_task.due"): for filtering and tests.
    kind = models.CharField(_("类型"), max_length=40)
    message = models.CharField(_("内容"), max_length=200)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Sending twice with the same key (a retried task, a second worker) stores one row.
    dedupe_key = models.CharField(max_length=120, blank=True)
    sms_sent_at = models.DateTimeField(null=True, blank=True)
    # The SMS goes out from the task worker (notifications/sms_outbox.py), never in a request.
    sms_status = models.CharField(
        _("短信状态"), max_length=10, choices=SmsStatus.choices, default="", blank=True
    )
    sms_attempts = models.PositiveSmallIntegerField(default=0)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="unique_notification_dedupe_key",
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # The retry job's look-up: only unsent SMS are in it.
            models.Index(
                fields=["sms_status", "updated_at"],
                condition=Q(sms_status__in=["pending", "sending"]),
                name="notification_sms_unsent",
            ),
        ]

    def __str__(self) -> str:
        return self.message
