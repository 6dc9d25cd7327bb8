"""Demo data of legal consultations (``load_demo``): the union's rights officer publishes a few
weekly hours of phone or video consultations, so a demo seafarer can book one from the
维权保障 page. Idempotent: nothing is added when the officer already has legal hours."""

from __future__ import annotations

from collections import Counter
from datetime import time
from typing import TYPE_CHECKING

from django.utils import timezone

from seafarers_home.consultations.actions.availability import Hours, do_add_hours
from seafarers_home.consultations.models import Availability, Mode, Service
from seafarers_home.lib.zones import hospital_zone

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

# Tuesday and Thursday afternoons, four 30-minute calls each.
LEGAL_HOURS = ((1, time(14), time(16)), (3, time(14), time(16)))


def load_demo_legal_hours(worker: User | None, created: Counter[str]) -> None:
    if worker is None:
        return
    if Availability.objects.filter(clinician=worker, service=Service.LEGAL).exists():
        return
    today = timezone.localdate(timezone.now(), hospital_zone())
    for weekday, start, end in LEGAL_HOURS:
        hours = Hours(
            weekday=weekday,
            start_time=start,
            end_time=end,
            slot_minutes=30,
            mode=Mode.REMOTE,
            valid_from=today,
            service=Service.LEGAL,
        )
        do_add_hours(worker, hours)
        created["legal_consultation_hours"] += 1
