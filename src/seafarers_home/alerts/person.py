"""From an alert to the person (issue 16 item 2): what a clinician needs to act within minutes —
name, phone, emergency contact, the vessel and a satellite number if one is known, where the
ship is (voyage phase, the seafarer's last known time zone), and the cause of the alert.

The services fill in their parts (``alerts.sources``: the profile, the voyage, satellite
numbers, the cause's page), so that alerts import none of them. Reads only; the view audits
every read of this page (PIPL: who read what, for what purpose).
There is no satellite number on the vessel register, so the number comes from what the
seafarer or staff last gave: a satellite callback of the hotline, an urgent consultation's
callback number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.reasons import reason_label
from seafarers_home.alerts.sources import CAUSES, PERSON_DETAILS, last_position, satellite_finders
from seafarers_home.lib.zones import zone_label


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
    # The last position a short message from the seafarer's terminal carried (issue 14).
    position: str = ""


def person_for(alert: CrisisAlert) -> Person:
    """The person panel: the account's own fields, then what each service registered
    (``alerts.sources``: the profile, the voyage, satellite numbers)."""
    user = alert.seafarer
    person = Person(
        name=str(user),
        phone=user.phone,
        time_zone=zone_label(user.time_zone),
        satellite_number=next(
            (number for find in satellite_finders() if (number := find(user))), ""
        ),
        position=last_position(user),
    )
    for fill in PERSON_DETAILS:
        fill(user, person)
    return person


def vessel_label(vessel: Any) -> str:
    if vessel is None:
        return ""
    return f"{vessel.name} ({vessel.registration_number})"


def cause_for(alert: CrisisAlert) -> Cause:
    """The thing that raised the alert, with a link the clinician can open."""
    label = reason_label(alert.reason)
    if alert.source == CrisisAlert.Source.SELF:
        return _self(alert, label)
    finder = CAUSES.get(alert.source)
    return finder(alert, label) if finder else Cause(label)


def _self(alert: CrisisAlert, label: str) -> Cause:
    """The presses of "I need help now" and the callback the seafarer asked for."""
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


def source_pk(value: str) -> int | None:
    return int(value) if str(value).isdigit() else None
