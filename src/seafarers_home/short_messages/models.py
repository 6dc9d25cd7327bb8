"""The short-message channel's records: a seafarer's terminals, the messages that came in (what
was done with them, never their words: those live where they were handed, a screening or a
question) and the messages that go out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel


class Gateway(models.TextChoices):
    SMS = "sms", _("短信")
    BEIDOU = "beidou", _("北斗短报文")
    IRIDIUM = "iridium", _("铱星短数据")


class Terminal(TimestampedModel):
    """A terminal a seafarer bound (or is binding): the platform sent a code to it and the
    seafarer typed it in. A terminal answers for one seafarer at a time."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待验证")
        BOUND = "bound", _("已绑定")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terminals"
    )
    gateway = models.CharField(_("类型"), max_length=10, choices=Gateway.choices)
    address = models.CharField(_("号码"), max_length=20)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    bound_at = models.DateTimeField(_("绑定时间"), null=True, blank=True)
    # Item 6: the pulse and the help reminder by short message when the app was not opened.
    proactive = models.BooleanField(_("海上主动问候"), default=True)
    # The last position a message from this terminal carried (BeiDou, Iridium).
    last_latitude = models.FloatField(null=True, blank=True)
    last_longitude = models.FloatField(null=True, blank=True)
    last_position_at = models.DateTimeField(null=True, blank=True)
    # When the seafarer last opened the app with a link (middleware.py), once a day at most.
    app_opened_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("短报文终端")
        verbose_name_plural = _("短报文终端")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "address"],
                condition=Q(status="bound"),
                name="one_seafarer_per_bound_terminal",
            ),
            models.UniqueConstraint(
                fields=["seafarer", "gateway", "address"], name="one_terminal_row_per_seafarer"
            ),
        ]


class InboundMessage(TimestampedModel):
    """One message a gateway delivered, stored once per gateway message id (resends find it).
    The text is not kept: a screening's answers, a question's words went to their own records."""

    gateway = models.CharField(max_length=10, choices=Gateway.choices)
    message_id = models.CharField(max_length=80)
    address = models.CharField(max_length=20)
    terminal = models.ForeignKey(
        Terminal, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="short_messages",
    )
    # What the message was and what became of it: "sos", "screening", "refused:count" …
    command = models.CharField(max_length=20)
    outcome = models.CharField(max_length=40)
    size_bytes = models.PositiveIntegerField(default=0)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # What the message became, for the replies that go back and the clinician's view.
    alert_id = models.BigIntegerField(null=True, blank=True)
    callback_id = models.BigIntegerField(null=True, blank=True)
    response_id = models.BigIntegerField(null=True, blank=True)
    question_id = models.BigIntegerField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "message_id"], name="one_inbound_per_gateway_message"
            )
        ]


class OutboundMessage(TimestampedModel):
    """One short message to send, through the task worker (senders.py). ``dedupe_key`` makes
    every send once-only: the reply to a message, a binding code, a period's pulse."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    gateway = models.CharField(max_length=10, choices=Gateway.choices)
    address = models.CharField(max_length=20)
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outbound_short_messages",
    )
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=200)
    bits = models.PositiveSmallIntegerField(default=0)
    dedupe_key = models.CharField(max_length=120, unique=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
