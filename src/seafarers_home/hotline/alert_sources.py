"""What the hotline tells a crisis alert's page (alerts/sources.py): a satellite number the
seafarer gave for a callback, and the crisis checklist of the call record that raised it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.sources import register_cause, register_satellite_number
from seafarers_home.hotline.models import CallbackRequest, CallRecord
from seafarers_home.hotline.records import CRISIS_STEPS, MASTER_BASES

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def satellite_number(user: User) -> str:
    callback = (
        CallbackRequest.objects.filter(seafarer=user, target=CallbackRequest.Target.SATELLITE)
        .exclude(number="")
        .order_by("-created_at")
        .first()
    )
    return callback.number if callback is not None else ""


def call_record_cause(alert: CrisisAlert, label: str) -> Cause:
    """Clinicians do not open counsellors' records; the crisis checklist is what they need."""
    record = CallRecord.objects.filter(pk=source_pk(alert.source_id)).select_related("counsellor")
    record = record.first()
    if record is None:
        return Cause(label)
    checklist = record.crisis_checklist or {}
    lines = [_("热线咨询员:%(name)s") % {"name": record.counsellor or "—"}]
    lines += [str(CRISIS_STEPS[s]) for s in checklist.get("steps", []) if s in CRISIS_STEPS]
    basis = MASTER_BASES.get(checklist.get("master_basis", ""))
    if basis:
        lines.append(_("联系船长:%(basis)s") % {"basis": basis})
    return Cause(label, "#cause", lines)


def register() -> None:
    # The hotline's callback first: it is the number the seafarer gave most directly.
    register_satellite_number(satellite_number, priority=1)
    register_cause(CrisisAlert.Source.HOTLINE, call_record_cause)
