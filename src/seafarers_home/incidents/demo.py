"""Demo data for incidents, called from ``demo/service_data.py``: one open incident on the main
seafarer's vessel three days ago (a man overboard, recovered), the seafarer and two crewmates
affected, the demo clinician looking after the seafarer, the first-aid contact made.
Idempotent: the incident carries a fixed key; a second run finds it and does nothing."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.actions.response import do_assign_responder, do_record_contact
from seafarers_home.incidents.crew import crew_of
from seafarers_home.incidents.models import Incident, IncidentEvent

DEMO_KEY = "demo-incident"


def load_demo_incident(
    union: User | None, clinician: User | None, seafarer: User | None, created: Counter[str]
) -> None:
    profile = getattr(seafarer, "seafarer_profile", None) if seafarer is not None else None
    if union is None or clinician is None or profile is None or profile.current_vessel is None:
        return
    if Incident.objects.filter(opened_by=union, idempotency_key=DEMO_KEY).exists():
        return
    vessel = profile.current_vessel
    crewmates = list(crew_of(vessel).exclude(pk=seafarer.pk)[:2])
    incident, _new = do_open_incident(
        IncidentInput(
            kind="overboard",
            occurred_at=timezone.now() - timedelta(days=3),
            vessel=vessel,
            seafarers=[seafarer, *crewmates],
            latitude=None,
            longitude=None,
            place="东海渔场",
        ),
        union,
        idempotency_key=DEMO_KEY,
    )
    person = incident.people.get(seafarer=seafarer)
    do_assign_responder(person, clinician, union)
    do_record_contact(
        person,
        clinician,
        task=person.tasks.get(code="pfa"),
        channel=IncidentEvent.Channel.CALLBACK,
        reached=True,
    )
    created["incidents"] += 1
