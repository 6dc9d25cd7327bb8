"""Opening an incident and adding the people it hit.

Opening pages the on-call psychiatrist: a crisis alert at tier 2, raised in the same
transaction as the incident, so it is acknowledged or escalated like every alert and cannot be
lost. The alert names the first registered seafarer affected (an alert is about a person);
its page links to the incident board (``alert_sources``).

People come from the vessel's crew records (``crew.crew_of``) or by mobile number. A number
that belongs to a registered seafarer is that seafarer; any other number gets an SMS
invitation to register that says nothing about the incident (an SMS is read by whoever holds
the phone), sent by the task worker (``tasks.send_invitations``). Every person gets the
plan's tasks at once (``plan.ensure_tasks``).

Refusals (``IncidentInvalid``, translated) store nothing: a time in the future, a person named
twice, a number that is not a mainland mobile number, nobody from the crew records.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import MAINLAND_MOBILE_RE, Role, User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.incidents import tasks
from seafarers_home.incidents.access import OPENER_ROLES, RESPONDER_ROLES
from seafarers_home.incidents.crew import crew_of
from seafarers_home.incidents.models import AffectedPerson, Incident, IncidentEvent
from seafarers_home.incidents.plan import current_plan, ensure_tasks
from seafarers_home.incidents.plan_schema import PlanSpec
from seafarers_home.organisations.models import Vessel

ON_CALL_TIER = 2
ALERT_SOURCE = "incident"
ALERT_REASON = "critical_incident"
PURPOSE = "critical incident response"
# A clock a few minutes fast on the opener's phone is not "the future".
CLOCK_SKEW = datetime.timedelta(minutes=10)


class IncidentInvalid(ValueError):
    """A refused step; ``str(error)`` is a translated sentence."""


@dataclass(frozen=True)
class IncidentInput:
    kind: str
    occurred_at: datetime.datetime
    vessel: Vessel
    seafarers: list[User] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    place: str = ""

    def digest(self) -> str:
        return payload_digest(
            {
                "kind": self.kind,
                "at": self.occurred_at.isoformat(),
                "vessel": self.vessel.pk,
                "seafarers": sorted(user.pk for user in self.seafarers),
                "phones": sorted(self.phones),
                "lat": str(self.latitude),
                "lon": str(self.longitude),
                "place": self.place,
            }
        )


def check_occurred_at(occurred_at: datetime.datetime) -> None:
    """Raise IncidentInvalid for a time in the future (the form asks too, with its others)."""
    if occurred_at > timezone.now() + CLOCK_SKEW:
        raise IncidentInvalid(_("事件发生时间不能晚于现在。"))


def check_phones(phones: list[str]) -> None:
    """Raise IncidentInvalid for a number that is not a mainland mobile."""
    for phone in phones:
        if not re.match(MAINLAND_MOBILE_RE, phone):
            raise IncidentInvalid(
                _("“%(phone)s”不是中国大陆手机号码(11位,以1开头)。") % {"phone": phone[:20]}
            )


def _check(data: IncidentInput) -> None:
    if data.kind not in Incident.Kind.values:
        raise IncidentInvalid(_("请选择事件类型。"))
    check_occurred_at(data.occurred_at)
    if data.latitude is not None and not -90 <= data.latitude <= 90:
        raise IncidentInvalid(_("纬度须在 -90 到 90 之间。"))
    if data.longitude is not None and not -180 <= data.longitude <= 180:
        raise IncidentInvalid(_("经度须在 -180 到 180 之间。"))
    crew = set(crew_of(data.vessel).values_list("pk", flat=True))
    if any(user.pk not in crew for user in data.seafarers):
        raise IncidentInvalid(_("所选人员不在这艘船的船员名单上。"))


def _resolve_people(
    seafarers: list[User], phones: list[str], existing: list[AffectedPerson]
) -> list[tuple[User | None, str]]:
    """(registered user or None, mobile number) per new person; refuses a person twice."""
    check_phones(phones)
    registered = {user.phone: user for user in User.objects.filter(phone__in=phones)}
    people: list[tuple[User | None, str]] = [(user, user.phone) for user in seafarers]
    for phone in phones:
        user = registered.get(phone)
        people.append((user if user is not None and user.has_role(Role.SEAFARER) else None, phone))
    seen = {person.phone for person in existing} | {
        person.seafarer_id for person in existing if person.seafarer_id
    }
    for user, phone in people:
        keys = {phone} | ({user.pk} if user is not None else set())
        if keys & seen:
            raise IncidentInvalid(_("同一个人被添加了两次:%(phone)s。") % {"phone": phone})
        seen |= keys
    return people


def _add(
    incident: Incident, people: list[tuple[User | None, str]], by: User, plan: PlanSpec
) -> list[AffectedPerson]:
    now = timezone.now()
    added = []
    for user, phone in people:
        profile = getattr(user, "seafarer_profile", None) if user is not None else None
        name = profile.real_name if profile is not None else (user.display_name if user else "")
        person = AffectedPerson.objects.create(
            incident=incident,
            seafarer=user,
            phone=phone,
            name=name,
            invited_at=None if user is not None else now,
        )
        added.append(person)
        IncidentEvent.objects.create(
            incident=incident, person=person, actor=by, kind=IncidentEvent.Kind.PERSON_ADDED
        )
        if user is None:
            IncidentEvent.objects.create(
                incident=incident, person=person, actor=by, kind=IncidentEvent.Kind.INVITED
            )
    invited = [person.pk for person in added if person.seafarer_id is None]
    if invited:
        transaction.on_commit(
            lambda: tasks.send_invitations.using(backend=settings.SMS_TASKS_BACKEND).enqueue(
                invited
            ),
            robust=True,
        )
    ensure_tasks(added, plan)
    return added


def do_open_incident(
    data: IncidentInput,
    opened_by: User,
    *,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[Incident, bool]:
    """Open the incident, add its people with their tasks and page the on-call psychiatrist.
    ``(incident, created)``: a resent form (same key) returns the first incident."""
    if not opened_by.has_role(*OPENER_ROLES):
        raise IncidentInvalid(_("只有工会工作人员和医生可以开启重大事件。"))
    _check(data)
    people = _resolve_people(data.seafarers, data.phones, [])
    first = next((user for user, _phone in people if user is not None), None)
    if first is None:
        raise IncidentInvalid(_("请至少从船员名单中选择一位受影响的海员。"))
    digest = data.digest()
    plan = current_plan()

    def create() -> Incident:
        incident = Incident.objects.create(
            kind=data.kind,
            occurred_at=data.occurred_at,
            vessel=data.vessel,
            latitude=data.latitude,
            longitude=data.longitude,
            place=data.place.strip()[:120],
            opened_by=opened_by,
            lead=opened_by,
            pcl5_cutoff=plan.pcl5_cutoff,
            idempotency_key=idempotency_key,
            payload_hash=digest,
        )
        IncidentEvent.objects.create(
            incident=incident, actor=opened_by, kind=IncidentEvent.Kind.OPENED
        )
        _add(incident, people, opened_by, plan)
        incident.alert = do_raise_crisis_alert(
            first,
            source=ALERT_SOURCE,
            source_id=str(incident.pk),
            reason=ALERT_REASON,
            request=request,
            tier=ON_CALL_TIER,
        )
        incident.save(update_fields=["alert", "updated_at"])
        IncidentEvent.objects.create(incident=incident, kind=IncidentEvent.Kind.PAGED)
        record_audit(
            opened_by,
            "incidents.open",
            target=incident,
            purpose=PURPOSE,
            request=request,
            detail={"kind": data.kind, "vessel": data.vessel.pk, "people": len(people)},
        )
        return incident

    return create_once(
        Incident.objects.filter(opened_by=opened_by), idempotency_key, digest, create
    )


def do_add_affected_people(
    incident: Incident,
    by: User,
    *,
    seafarers: list[User] | None = None,
    phones: list[str] | None = None,
    request: HttpRequest | None = None,
) -> list[AffectedPerson]:
    """Add people to an open incident (from the crew records or by number), with their tasks."""
    if not by.has_role(*RESPONDER_ROLES):
        raise IncidentInvalid(_("您不能修改这个事件。"))
    seafarers, phones = seafarers or [], phones or []
    if not seafarers and not phones:
        raise IncidentInvalid(_("请选择或填写要添加的人员。"))
    crew = set(crew_of(incident.vessel).values_list("pk", flat=True))
    if any(user.pk not in crew for user in seafarers):
        raise IncidentInvalid(_("所选人员不在这艘船的船员名单上。"))
    with transaction.atomic():
        Incident.objects.select_for_update().filter(pk=incident.pk).first()
        if incident.status != Incident.Status.OPEN:
            raise IncidentInvalid(_("事件已结束,不能再添加人员。"))
        people = _resolve_people(seafarers, phones, list(incident.people.all()))
        added = _add(incident, people, by, current_plan())
        record_audit(
            by,
            "incidents.add_people",
            target=incident,
            purpose=PURPOSE,
            request=request,
            detail={"added": [person.pk for person in added]},
        )
    return added
