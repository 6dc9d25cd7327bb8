"""Appointment machinery shared by 远程咨询 (remote consultations), the green channel and the
legal consultations of 维权保障.

A ``Slot`` is a bookable period of a provider (or of the clinic as a whole) at an organisation,
remote or in the clinic. Its ``service`` says whose it is: a clinician's (``clinical``, at a
hospital department) or a legal worker's (``legal``, at the union or a partner law firm; remote
only). The field keeps its historical name ``clinician``: it is the provider of either service,
and the access functions decide by the service (a clinician never reaches a legal slot, nor a
legal worker a clinical one). Some in-clinic slots are reserved for the green channel: returning
seafarers under stress book them before the general list. An ``Appointment`` books one slot;
a partial unique constraint makes a second active booking of the same slot impossible at
the database level, so concurrent bookers cannot both win.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


class Mode(models.TextChoices):
    REMOTE = "remote", _("远程(音视频)")
    IN_CLINIC = "in_clinic", _("到院面诊")


class Service(models.TextChoices):
    CLINICAL = "clinical", _("心理健康咨询")
    LEGAL = "legal", _("法律咨询")


class Slot(TimestampedModel):
    service = models.CharField(
        _("服务"), max_length=20, choices=Service.choices, default=Service.CLINICAL, db_index=True
    )
    department = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="slots",
        verbose_name=_("科室"),
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("服务提供者"),
    )
    starts_at = models.DateTimeField(_("开始"), db_index=True)
    ends_at = models.DateTimeField(_("结束"))
    mode = models.CharField(_("方式"), max_length=20, choices=Mode.choices)
    green_channel = models.BooleanField(_("绿色通道预留"), default=False, db_index=True)
    is_withdrawn = models.BooleanField(_("已撤回"), default=False)
    # Made by actions/slot_sync.py from a clinician's weekly hours (it may withdraw it again).
    from_availability = models.BooleanField(_("来自出诊时间"), default=False)

    class Meta:
        verbose_name = _("号源")
        verbose_name_plural = _("号源")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
        ]

    @property
    def provider(self) -> User | None:
        """The clinician or legal worker who holds the slot."""
        return self.clinician


class Appointment(TimestampedModel):
    class Status(models.TextChoices):
        BOOKED = "booked", _("已预约")
        CANCELLED = "cancelled", _("已取消")
        ATTENDED = "attended", _("已就诊")
        NO_SHOW = "no_show", _("未到")

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="appointments")
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments"
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.BOOKED, db_index=True
    )
    green_channel = models.BooleanField(_("绿色通道"), default=False)
    reason = EncryptedTextField(_("就诊原因"), blank=True)
    # What the seafarer allowed the doctor to see of their latest screening (bands and risk,
    # never answers), frozen at booking time.
    screening_summary = EncryptedTextField(_("心理CT摘要"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Why the clinician cancelled (shown to the seafarer); empty when the seafarer cancelled.
    cancel_reason = EncryptedTextField(_("取消原因"), blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)
    # What the booking with that key asked for (core.idempotency).
    payload_hash = models.CharField(max_length=64, blank=True, default="")
    # A legal consultation about one of the seafarer's own rights cases (optional): the legal
    # worker may log the call on that case's timeline. Never set on a clinical booking.
    rights_case = models.ForeignKey(
        "rights.RightsCase",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="legal_consultations",
        verbose_name=_("关联的维权案件"),
    )

    class Meta:
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        ordering = ["slot__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=["booked", "attended", "no_show"]),
                name="one_active_appointment_per_slot",
            ),
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="unique_appointment_idempotency_key",
            ),
        ]

    @property
    def service(self) -> str:
        return self.slot.service

    @property
    def is_legal(self) -> bool:
        return self.slot.service == Service.LEGAL


from seafarers_home.consultations.models_availability import (  # noqa: E402
    Availability,
    AvailabilityException,
)
from seafarers_home.consultations.models_clinical import (  # noqa: E402  (one app, two modules)
    ConsultationNote,
    UrgentEvent,
    UrgentRequest,
)

__all__ = [
    "Appointment",
    "Availability",
    "AvailabilityException",
    "ConsultationNote",
    "Mode",
    "Service",
    "Slot",
    "UrgentEvent",
    "UrgentRequest",
]
