"""What consultations tell a crisis alert's page (alerts/sources.py): an urgent consultation's
callback number, and the urgent episode that raised the alert."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.sources import register_cause, register_satellite_number
from seafarers_home.consultations.models_clinical import UrgentRequest

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def satellite_number(user: User) -> str:
    urgent = (
        UrgentRequest.objects.filter(seafarer=user).exclude(callback_number="").order_by("-pk")
    ).first()
    return urgent.callback_number if urgent is not None else ""


def urgent_cause(alert: CrisisAlert, label: str) -> Cause:
    if source_pk(alert.source_id) is not None:
        return Cause(label, reverse("consultations:urgent_detail", args=[int(alert.source_id)]))
    return Cause(label)


def register() -> None:
    register_satellite_number(satellite_number, priority=2)
    register_cause(CrisisAlert.Source.CONSULTATION, urgent_cause)
