"""Critical incidents at sea: responders (union staff, clinicians, counsellors) see boards;
union staff and clinicians open; the clinical forms are the assigned clinician's; a seafarer
sees only their own page; company officers see nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.incidents.actions.closing import do_close_incident, do_hand_over_person
from seafarers_home.incidents.actions.family import do_add_family_contact
from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.actions.response import do_assign_responder
from seafarers_home.incidents.models import ResponseTask
from seafarers_home.organisations.models import SeafarerProfile
from tests.permission_rules.base import CONSENTED, OWNER, SEAFARERS, Rule
from tests.personas import World

RESPONDERS = frozenset({"clinician", "counsellor", "union_staff"})
OPENERS = frozenset({"clinician", "union_staff"})
COORDINATORS = frozenset({"union_staff"})  # the lead (union staff here) or any union staff


def _incident(world: World):
    incident, _created = do_open_incident(
        IncidentInput(
            kind="overboard",
            occurred_at=timezone.now() - timedelta(hours=2),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
        ),
        world.union_staff,
    )
    return incident


def _board(world: World) -> dict[str, Any]:
    return {"pk": _incident(world).pk}


def _person(world: World) -> dict[str, Any]:
    return {"pk": _incident(world).people.get().pk}


def _assigned_person(world: World) -> dict[str, Any]:
    person = _incident(world).people.get()
    do_assign_responder(person, world.clinician, world.union_staff)
    return {"pk": person.pk}


def _score_task(world: World) -> dict[str, Any]:
    person = _incident(world).people.get()
    do_assign_responder(person, world.clinician, world.union_staff)
    task = person.tasks.get(code="pcl5-1m")  # the PCL-5, given by phone as a fallback
    return {"pk": task.pk}


RULES = {
    "incidents:list": Rule(allowed=RESPONDERS),
    "incidents:new": Rule(allowed=OPENERS),
    "incidents:mine": Rule(allowed=SEAFARERS),
    "incidents:board": Rule(allowed=RESPONDERS, kwargs=_board),
    "incidents:add_people": Rule(allowed=RESPONDERS, method="post", kwargs=_board),
    "incidents:person": Rule(allowed=RESPONDERS, kwargs=_person),
    "incidents:assign": Rule(allowed=RESPONDERS, method="post", kwargs=_person),
    "incidents:contact": Rule(allowed=RESPONDERS, method="post", kwargs=_person),
    "incidents:refer": Rule(allowed=RESPONDERS, method="post", kwargs=_assigned_person),
    # the clinical score form: only the person's assigned clinician reaches it
    "incidents:score": Rule(allowed=frozenset({"clinician"}), method="post", kwargs=_score_task),
}


def _officer(world: World) -> dict[str, Any]:
    """world.seafarer is the master of vessel_a for this rule (reporters are masters/officers)."""
    SeafarerProfile.objects.filter(user=world.seafarer).update(rank="master")
    return {}


RULES |= {
    # a master or officer on board; fishermen (the consented seafarers) get 404
    "incidents:report": Rule(allowed=frozenset({"seafarer"}), kwargs=_officer),
    "incidents:guide": Rule(allowed=SEAFARERS),
}


def _closed(world: World) -> dict[str, Any]:
    incident = _incident(world)
    for person in incident.people.all():
        do_hand_over_person(person, world.union_staff)
    do_close_incident(incident, world.union_staff)
    return {"pk": incident.pk}


RULES |= {
    "incidents:close": Rule(allowed=RESPONDERS, method="post", kwargs=_board),
    "incidents:assign_all": Rule(allowed=RESPONDERS, method="post", kwargs=_board),
    "incidents:summary": Rule(allowed=RESPONDERS, kwargs=_board),
    "incidents:review": Rule(allowed=RESPONDERS, method="post", kwargs=_closed),
    "incidents:hand_over": Rule(allowed=RESPONDERS, method="post", kwargs=_person),
}


RULES |= {
    "api:incident_mine": Rule(allowed=SEAFARERS, refused=403),
    # an empty body is refused (422) once the master has passed the officer check
    "api:incident_crewmate_report": Rule(
        allowed=frozenset({"seafarer"}),
        method="post",
        kwargs=_officer,
        refused=403,
        allowed_answer=422,
    ),
}


def _own_record(world: World) -> dict[str, Any]:
    return {"pk": _incident(world).people.get(seafarer=world.seafarer).pk}


def _family_contact(world: World) -> dict[str, Any]:
    person = _incident(world).people.get(seafarer=world.seafarer)
    contact = do_add_family_contact(
        person, world.seafarer, name="王妻", relation="妻子", phone="13700000001"
    )
    return {"pk": contact.pk}


RULES |= {
    # the affected seafarer's own record; the other seafarers get 404
    "incidents:family_add": Rule(
        allowed=frozenset({"seafarer"}), method="post", kwargs=_own_record, not_theirs=CONSENTED
    ),
    "incidents:family_remove": Rule(
        allowed=frozenset({"seafarer"}),
        method="post",
        kwargs=_family_contact,
        not_theirs=CONSENTED,
    ),
}


RULES |= {
    "incidents:ask_contact": Rule(
        allowed=frozenset({"seafarer"}), method="post", kwargs=_own_record, not_theirs=CONSENTED
    ),
}


def _own_screen_task(world: World) -> dict[str, Any]:
    """The owner's short screen (PC-PTSD-5 + PHQ-4), open now."""
    incident, _created = do_open_incident(
        IncidentInput(
            kind="piracy",
            occurred_at=timezone.now() - timedelta(days=8),
            vessel=world.vessel_a,
            seafarers=[world.consented_seafarer],
        ),
        world.union_staff,
    )
    task = incident.people.get().tasks.get(code="screen-2w")
    ResponseTask.objects.filter(pk=task.pk).update(opens_at=timezone.now() - timedelta(hours=1))
    return {"pk": task.pk}


RULES |= {
    # the affected seafarer's own screening task; the other seafarers get 404
    "incidents:take_screen": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_own_screen_task, health=True
    ),
}
