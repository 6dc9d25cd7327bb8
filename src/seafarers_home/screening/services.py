"""Taking a screening: start (or resume), submit one instrument's answers, complete.

Idempotency: a submission carries a key (the form's hidden field or the API's
Idempotency-Key header), handled by ``core.idempotency.create_once``. The same (seafarer, key)
with the same payload returns the stored response and writes nothing — that is a dropped link
being retried; the same key with a different payload raises ``IdempotencyConflict`` (the API
answers 422).

Re-answering: a screening keeps one response per instrument (a database constraint). While
the screening is in progress, submitting an instrument again with a new key replaces that
response's answers and scores in place (the seafarer went back and changed their mind); once
the screening is completed its responses are final and a new submission raises
``ScreeningClosed``. A crisis answer always raises a crisis alert in the same transaction,
unless the response being replaced had already raised one.

Audit rows never carry answers or scores: only instrument code, band-free identifiers.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from seafarers_home.lib.one_row import one_or_none
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.instruments import assigned_only_codes
from seafarers_home.screening.models import (
    Battery,
    Screening,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


class ScreeningClosed(Exception):
    """The screening is completed (or the instrument is not part of it): nothing is changed."""


def payload_hash(instrument_code: str, answers: dict[str, Any], screening_id: int | None) -> str:
    body = json.dumps(
        {"instrument": instrument_code, "answers": answers, "screening": screening_id},
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def crisis_reason(instrument_code: str) -> str:
    # Short, non-clinical reason code for the alert list (no score, no answers).
    return f"{instrument_code}_safety_item" if instrument_code != "phq9" else "phq9_item9"


def _current_company_id(seafarer: User) -> int | None:
    """The seafarer's employer now, stored on the response: reports group by the company at
    the time of screening. None when the seafarer has no profile."""
    return one_or_none(  # one profile per person
        SeafarerProfile.objects.filter(user_id=seafarer.pk).values_list("company_id", flat=True)
    )


def answered_codes(screening: Screening) -> set[str]:
    return set(screening.responses.values_list("instrument_code", flat=True))


def next_instrument(screening: Screening) -> str | None:
    done = answered_codes(screening)
    for code in screening.instrument_codes:
        if code not in done:
            return code
    return None


def _given_only_when_assigned(battery: Battery, assigned: set[str]) -> bool:
    return bool(assigned & set(battery.instrument_codes))


def general_batteries() -> QuerySet[Battery]:
    """Active batteries a seafarer may start or a campaign may use: none holding an instrument
    given only when assigned (the PCL-5 and PC-PTSD-5 come with an incident's tasks)."""
    assigned = assigned_only_codes()
    batteries = Battery.objects.filter(is_active=True)
    excluded = [b.pk for b in batteries if _given_only_when_assigned(b, assigned)]
    return batteries.exclude(pk__in=excluded)


def general_battery(code: str) -> Battery | None:
    """The active battery ``code`` if a seafarer may start it (as ``general_batteries``), in
    one query."""
    battery = one_or_none(Battery.objects.filter(is_active=True, code=code))  # code is unique
    if battery is None or _given_only_when_assigned(battery, assigned_only_codes()):
        return None
    return battery
