"""Who may do what with incidents.

- **Responders** (union staff, clinicians, counsellors) see every incident's board: people,
  task states, the team and the timeline — operational facts only.
- **Openers** (union staff, clinicians — the on-call psychiatrist) open incidents and add people.
- **Coordinators** (the incident's lead, union staff) assign responders to people.
- Clinical content (a clinician-scored measure, the referral controls) is for the person's
  assigned clinician only.
- A master or officer on board (``is_ship_officer``) reports a crewmate in crisis.
- A seafarer sees only their own records (``my_records``); company officers see nothing.
Helpers take a user and answer 404 for anything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from seafarers_home.accounts.models import Role, User
from seafarers_home.incidents.models import (
    AffectedPerson,
    FamilyContact,
    Incident,
    ResponseTask,
)
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import holds

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

RESPONDER_ROLES = (Role.UNION_STAFF, Role.CLINICIAN, Role.COUNSELLOR)
OPENER_ROLES = (Role.UNION_STAFF, Role.CLINICIAN)
# Who can be assigned to look after an affected person.
CARER_ROLES = (Role.CLINICIAN, Role.COUNSELLOR)
# Who on board may report a crewmate in crisis: the master and the officers.
OFFICER_RANKS = frozenset(
    {
        SeafarerProfile.Rank.MASTER,
        SeafarerProfile.Rank.CHIEF_OFFICER,
        SeafarerProfile.Rank.SECOND_OFFICER,
        SeafarerProfile.Rank.THIRD_OFFICER,
        SeafarerProfile.Rank.CHIEF_ENGINEER,
        SeafarerProfile.Rank.FISHING_CAPTAIN,
    }
)


MAX_PK = 2**63 - 1  # a larger id in a URL would overflow the database's integer: 404


def _real_pk(pk: int) -> int:
    if not 0 < pk <= MAX_PK:
        raise Http404
    return pk


def is_incident_responder(user: User | AnonymousUser) -> bool:
    return holds(user, *RESPONDER_ROLES)


def is_incident_opener(user: User | AnonymousUser) -> bool:
    return holds(user, *OPENER_ROLES)


def carers() -> QuerySet[User]:
    """Everyone who may be assigned to look after a person: clinicians and counsellors."""
    return (
        User.objects.filter(role_grants__role__in=CARER_ROLES, is_active=True)
        .distinct()
        .order_by("display_name", "pk")
    )


def is_ship_officer(user: User | AnonymousUser) -> bool:
    """A seafarer whose profile says master or officer (a crewmate-in-crisis reporter)."""
    if not holds(user, Role.SEAFARER):
        return False
    profile = SeafarerProfile.objects.filter(user_id=user.pk).only("rank").first()
    return profile is not None and profile.rank in OFFICER_RANKS


def incidents_for_user(user: User | AnonymousUser) -> QuerySet[Incident]:
    require(is_incident_responder, user)
    return Incident.objects.select_related("vessel", "lead", "opened_by")


def get_incident_for_user(user: User | AnonymousUser, pk: int) -> Incident:
    incident = incidents_for_user(user).filter(pk=_real_pk(pk)).first()
    if incident is None:
        raise Http404
    return incident


def get_person_for_user(user: User | AnonymousUser, pk: int) -> AffectedPerson:
    require(is_incident_responder, user)
    person = (
        AffectedPerson.objects.select_related(
            "incident__vessel", "incident__lead", "seafarer", "responder"
        )
        .filter(pk=_real_pk(pk))
        .first()
    )
    if person is None:
        raise Http404
    return person


def may_coordinate(user: User, incident: Incident) -> bool:
    return incident.lead_id == user.pk or user.has_role(Role.UNION_STAFF)


def is_assigned_clinician(user: User | AnonymousUser, person: AffectedPerson) -> bool:
    return holds(user, Role.CLINICIAN) and person.responder_id == user.pk


def get_task_for_assigned_clinician(user: User | AnonymousUser, pk: int) -> ResponseTask:
    tasks = ResponseTask.objects.select_related("person__incident")
    task = tasks.filter(pk=_real_pk(pk)).first()
    if task is None or not is_assigned_clinician(user, task.person):
        raise Http404
    return task


def get_own_record(user: User | AnonymousUser, pk: int) -> AffectedPerson:
    """The signed-in seafarer's own record, else 404."""
    record = my_records(user).filter(pk=_real_pk(pk)).first()
    if record is None:
        raise Http404
    return record


def get_own_task(user: User | AnonymousUser, pk: int) -> ResponseTask:
    """A task of the signed-in seafarer's own record, else 404."""
    task = (
        ResponseTask.objects.select_related("person")
        .filter(pk=_real_pk(pk), person__in=my_records(user))
        .first()
    )
    if task is None:
        raise Http404
    return task


def get_own_family_contact(user: User | AnonymousUser, pk: int) -> FamilyContact:
    require(lambda u: holds(u, Role.SEAFARER), user)
    contact = FamilyContact.objects.filter(pk=_real_pk(pk), person__seafarer_id=user.pk).first()
    if contact is None:
        raise Http404
    return contact


def my_records(user: User | AnonymousUser) -> QuerySet[AffectedPerson]:
    """The signed-in seafarer's own records, with their incidents and carers."""
    require(lambda u: holds(u, Role.SEAFARER), user)
    return (
        AffectedPerson.objects.filter(seafarer_id=user.pk)
        .select_related("incident__vessel", "responder")
        .order_by("-incident__occurred_at")
    )
