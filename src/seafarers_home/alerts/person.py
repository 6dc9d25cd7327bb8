"""From an alert to the person (issue 16 item 2): what a clinician needs to act within minutes —
name, phone, emergency contact, the vessel and a satellite number if one is known, where the
ship is (voyage phase, the seafarer's last known time zone), and the cause of the alert.

Reads only; the view audits every read of this page (PIPL: who read what, for what purpose).
There is no satellite number on the vessel register, so the number comes from what the
seafarer or staff last gave: a satellite callback of the hotline, an urgent consultation's
callback number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.services import reason_label
from seafarers_home.lib.zones import zone_label

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


@dataclass
class Cause:
    label: str
    url: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    phone: str
    time_zone: str
    emergency_contact: str = ""
    company: str = ""
    vessel: str = ""
    satellite_number: str = ""
    phase: str = ""
    voyage: str = ""


def _profile(user: User) -> Any:
    from seafarers_home.organisations.models import SeafarerProfile

    return (
        SeafarerProfile.objects.select_related("company", "current_vessel")
        .filter(user=user)
        .first()
    )


def _satellite_number(user: User) -> str:
    from seafarers_home.consultations.models_clinical import UrgentRequest
    from seafarers_home.hotline.models import CallbackRequest

    callback = (
        CallbackRequest.objects.filter(seafarer=user, target=CallbackRequest.Target.SATELLITE)
        .exclude(number="")
        .order_by("-created_at")
        .first()
    )
    if callback is not None:
        return callback.number
    urgent = (
        UrgentRequest.objects.filter(seafarer=user).exclude(callback_number="").order_by("-pk")
    ).first()
    return urgent.callback_number if urgent is not None else ""


def person_for(alert: CrisisAlert) -> Person:
    from seafarers_home.voyages.models import Phase
    from seafarers_home.voyages.phases import current_voyage, phase_on, seafarer_today

    user = alert.seafarer
    profile = _profile(user)
    person = Person(
        name=(profile.real_name if profile and profile.real_name else str(user)),
        phone=user.phone,
        time_zone=zone_label(user.time_zone),
        satellite_number=_satellite_number(user),
    )
    if profile is not None:
        person.company = str(profile.company or "")
        person.vessel = _vessel_label(profile.current_vessel)
        if profile.emergency_contact_phone:
            person.emergency_contact = " ".join(
                part
                for part in (
                    profile.emergency_contact_name,
                    profile.emergency_contact_relation,
                    profile.emergency_contact_phone,
                )
                if part
            )
    today = seafarer_today(user)
    voyage = current_voyage(user, today)
    person.phase = str(Phase(phase_on(voyage, today)).label if voyage else Phase.ASHORE.label)
    if voyage is not None:
        person.vessel = person.vessel or _vessel_label(voyage.vessel)
        person.voyage = f"{voyage.planned_departure:%Y-%m-%d} – {voyage.expected_return:%Y-%m-%d}"
    return person


def _vessel_label(vessel: Any) -> str:
    if vessel is None:
        return ""
    return f"{vessel.name} ({vessel.registration_number})"


def cause_for(alert: CrisisAlert) -> Cause:
    """The thing that raised the alert, with a link the clinician can open."""
    label = reason_label(alert.reason)
    finder = _CAUSES.get(alert.source)
    return finder(alert, label) if finder else Cause(label)


def _screening(alert: CrisisAlert, label: str) -> Cause:
    from seafarers_home.screening.models import Response

    response = Response.objects.filter(pk=_int(alert.source_id)).only("screening_id").first()
    if response is None or response.screening_id is None:
        return Cause(label)
    return Cause(label, reverse("screening:review_detail", args=[response.screening_id]))


def _inquiry(alert: CrisisAlert, label: str) -> Cause:
    if _int(alert.source_id) is None:
        return Cause(label)
    return Cause(label, reverse("inquiries:staff_thread", args=[int(alert.source_id)]))


def _hotline(alert: CrisisAlert, label: str) -> Cause:
    """Clinicians do not open counsellors' records; the crisis checklist is what they need."""
    from seafarers_home.hotline.models import CallRecord
    from seafarers_home.hotline.records import CRISIS_STEPS, MASTER_BASES

    record = CallRecord.objects.filter(pk=_int(alert.source_id)).select_related("counsellor")
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


def _consultation(alert: CrisisAlert, label: str) -> Cause:
    if _int(alert.source_id) is not None:
        return Cause(label, reverse("consultations:urgent_detail", args=[int(alert.source_id)]))
    return Cause(label)


def _self(alert: CrisisAlert, label: str) -> Cause:
    """The presses of "I need help now" and the callback the seafarer asked for."""
    from django.utils import timezone

    lines = []
    presses = list(alert.help_requests.select_related("callback").order_by("created_at"))
    for press in presses:
        at = timezone.localtime(press.created_at)
        lines.append(_("按下“我现在需要帮助”:%(at)s") % {"at": f"{at:%Y-%m-%d %H:%M}"})
    callback = next((p.callback for p in reversed(presses) if p.callback), None)
    if callback is not None:
        start = timezone.localtime(callback.window_start)
        end = timezone.localtime(callback.window_end)
        lines.append(
            _("请求回拨:%(target)s %(number)s,%(start)s–%(end)s(%(status)s)")
            % {
                "target": callback.get_target_display(),
                "number": callback.number,
                "start": f"{start:%m-%d %H:%M}",
                "end": f"{end:%H:%M}",
                "status": callback.get_status_display(),
            }
        )
    return Cause(label, "#cause", lines)


def _int(value: str) -> int | None:
    return int(value) if str(value).isdigit() else None


_CAUSES = {
    CrisisAlert.Source.SCREENING: _screening,
    CrisisAlert.Source.INQUIRY: _inquiry,
    CrisisAlert.Source.HOTLINE: _hotline,
    CrisisAlert.Source.CONSULTATION: _consultation,
    CrisisAlert.Source.SELF: _self,
}
