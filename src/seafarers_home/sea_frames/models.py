"""Devices that send binary frames (a bridge PC, an Iridium SBD modem, a BeiDou data terminal),
the frames the server accepted from them, and the ship's link with its price (item 7).

A frame's content is never stored here: it went to the service it was for (a screening
response, a callback, a help press) and ``target`` names that record. What stays is what the
seafarer's bill and the duplicate check need: type, size, counter and a digest.
"""

from __future__ import annotations

import base64
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel


class Device(TimestampedModel):
    class Kind(models.TextChoices):
        BRIDGE_PC = "bridge_pc", _("驾驶台电脑")
        IRIDIUM = "iridium_sbd", _("铱星短数据(SBD)终端")
        BEIDOU = "beidou", _("北斗短报文终端")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sea_frame_devices"
    )
    # The 32-bit id in every frame's header: random, so that ids say nothing about how many
    # devices there are.
    device_id = models.PositiveBigIntegerField(unique=True)
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    # The 16-byte AES key, base64, encrypted at rest (Fernet under FIELD_ENCRYPTION_KEYS).
    key = EncryptedTextField()
    callback_number = models.CharField(_("船舶卫星电话"), max_length=40, blank=True)
    last_counter = models.PositiveBigIntegerField(default=0)
    last_frame_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)
    payload_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("短数据终端")
        verbose_name_plural = _("短数据终端")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_sea_frame_device_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.device_id})"

    @property
    def key_bytes(self) -> bytes:
        return base64.b64decode(self.key)

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ReceivedFrame(models.Model):
    """One accepted frame: stored once per (device, counter)."""

    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="frames")
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sea_frames"
    )
    counter = models.PositiveBigIntegerField()
    frame_type = models.PositiveSmallIntegerField()
    size = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)
    made_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    gateway = models.CharField(max_length=20, blank=True)
    status = models.PositiveSmallIntegerField()  # codec.AckStatus, what the reply said
    # The record the frame became, e.g. "screening:12", "callback:5", "help:3".
    target = models.CharField(max_length=80, blank=True)
    # "lat,lon" of a check-in or SOS that carried one: where the ship was (encrypted).
    position = EncryptedTextField(blank=True)

    class Meta:
        verbose_name = _("收到的短数据")
        verbose_name_plural = _("收到的短数据")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["device", "counter"], name="one_frame_per_counter")
        ]


class ShipLink(TimestampedModel):
    """The link the seafarer's ship sends with and what it costs them (item 7)."""

    class Kind(models.TextChoices):
        BEIDOU = "beidou", _("北斗短报文")
        IRIDIUM_SBD = "iridium_sbd", _("铱星短数据(SBD)")
        INMARSAT = "inmarsat", _("海事卫星(Inmarsat)数据")
        VSAT = "vsat", _("VSAT 卫星宽带")
        CELLULAR = "cellular", _("近岸 4G")

    class Unit(models.TextChoices):
        MESSAGE = "message", _("每条")
        MEGABYTE = "mb", _("每 MB")

    seafarer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ship_link"
    )
    kind = models.CharField(_("船上的通信方式"), max_length=20, choices=Kind.choices)
    unit = models.CharField(_("计价方式"), max_length=10, choices=Unit.choices)
    price = models.DecimalField(_("价格(元)"), max_digits=8, decimal_places=3, default=Decimal("0"))
    # Bytes one message carries on a per-message link (a longer request takes several).
    message_bytes = models.PositiveIntegerField(_("每条可发字节数"), default=0)

    class Meta:
        verbose_name = _("船舶通信方式")
        verbose_name_plural = _("船舶通信方式")


class MonthlyUsage(models.Model):
    """What the server received from a seafarer in a month, per channel: one row per
    (seafarer, month, channel), counted as the requests arrive (item 7)."""

    class Channel(models.TextChoices):
        WEB = "web", _("网页和应用")
        API = "api", _("应用接口(API)")
        FRAME = "frame", _("短数据帧")

    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_usage"
    )
    month = models.DateField()  # the first day of the month (UTC)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    requests = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("每月发送量")
        verbose_name_plural = _("每月发送量")
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "month", "channel"], name="one_usage_row_per_month_channel"
            )
        ]
