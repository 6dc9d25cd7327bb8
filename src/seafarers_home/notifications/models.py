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
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.message
