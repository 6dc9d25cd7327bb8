"""Publishing a provider's availability as bookable slots, and finding free slots.

One implementation for both services (``Service``): a clinician's hours give clinical slots at
their department, a legal worker's give legal slots at their union or law firm. Everything here
takes the ``service`` (clinical by default, as every caller before legal consultations).

``sync_slots`` turns the weekly hours and the exceptions into ``Slot`` rows (UTC) from now to
CONSULTATION_SLOT_WEEKS ahead. It is idempotent: a second run creates nothing; hours that were
removed withdraw their free future slots (never a booked one); hours put back restore them.
Run it after every change of hours (the services do) and periodically (the job
``consultations.sync_slots``, consultations/periodic_jobs.py)
so the horizon keeps rolling forward.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.consultations.models import Appointment, Service, Slot
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)
from seafarers_home.organisations.models import Organisation

ACTIVE_STATUSES = ("booked", "attended", "no_show")
SlotKey = tuple[datetime, datetime, str]


@dataclass(frozen=True)
class SyncResult:
    created: int = 0
    withdrawn: int = 0
    restored: int = 0


def slot_weeks() -> int:
    return max(1, int(getattr(settings, "CONSULTATION_SLOT_WEEKS", 4)))


# The role a provider holds for each service: the hours page and the access functions ask it.
PROVIDER_ROLE = {Service.CLINICAL: Role.CLINICIAN, Service.LEGAL: Role.LEGAL_WORKER}


def provider_organisation(provider: User, service: str = Service.CLINICAL) -> Organisation | None:
    """Where a provider's slots are held: a clinician's department, a legal worker's union or
    law firm (the organisation of their grant for the service's role)."""
    grant = (
        RoleGrant.objects.filter(
            user=provider, role=PROVIDER_ROLE[Service(service)], organisation__isnull=False
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return grant.organisation if grant else None


def clinician_department(clinician: User) -> Organisation | None:
    """The department a clinician works in (their clinician grant's organisation)."""
    return provider_organisation(clinician, Service.CLINICAL)


def provider_services(user: User) -> list[str]:
    """The services ``user`` provides (holds the role for): what their slots may be."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [service for service, role in PROVIDER_ROLE.items() if user.has_role(role)]


def _cut(day: date, start: time, end: time, minutes: int, zone: str, mode: str) -> list[SlotKey]:
    """Slots of ``minutes`` from ``start`` to ``end`` on ``day`` in ``zone``, as UTC instants."""
    tz = ZoneInfo(zone)
    begin = datetime.combine(day, start, tzinfo=tz)
    stop = datetime.combine(day, end, tzinfo=tz)
    step = timedelta(minutes=minutes)
    keys = []
    while begin + step <= stop:
        keys.append((begin.astimezone(UTC), (begin + step).astimezone(UTC), mode))
        begin += step
    return keys


def _overlaps(key: SlotKey, windows: Iterable[tuple[datetime, datetime]]) -> bool:
    return any(key[0] < w_end and w_start < key[1] for w_start, w_end in windows)


def wanted_slots(
    clinician: User, first: date, last: date, service: str = Service.CLINICAL
) -> set[SlotKey]:
    """The slots the weekly hours and the exceptions of one service give for the days
    ``first``..``last``."""
    hours = list(
        Availability.objects.filter(
            clinician=clinician, service=service, valid_from__lte=last
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
    )
    exceptions = list(
        AvailabilityException.objects.filter(
            clinician=clinician, service=service, date__range=(first, last)
        )
    )
    wanted: set[SlotKey] = set()
    day = first
    while day <= last:
        todays = [e for e in exceptions if e.date == day]
        if not any(e.kind == "off" and e.start_time is None for e in todays):
            off = [
                (
                    datetime.combine(day, e.start_time, tzinfo=ZoneInfo(e.time_zone)),
                    datetime.combine(day, e.end_time, tzinfo=ZoneInfo(e.time_zone)),
                )
                for e in todays
                if e.kind == "off" and e.start_time is not None
            ]
            for h in hours:
                if h.weekday != day.weekday() or day < h.valid_from:
                    continue
                if h.valid_until is not None and day > h.valid_until:
                    continue
                cut = _cut(day, h.start_time, h.end_time, h.slot_minutes, h.time_zone, h.mode)
                wanted.update(k for k in cut if not _overlaps(k, off))
        for e in todays:
            if e.kind == "extra":
                wanted.update(
                    _cut(day, e.start_time, e.end_time, e.slot_minutes, e.time_zone, e.mode)
                )
        day += timedelta(days=1)
    return wanted


def _active_booking() -> Exists:
    return Exists(Appointment.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_STATUSES))


def clinicians_with_hours() -> QuerySet[User]:
    return User.objects.filter(
        Q(consultation_hours__isnull=False) | Q(consultation_exceptions__isnull=False),
        is_active=True,
    ).distinct()


def providers_with_hours() -> list[tuple[User, str]]:
    """Every (provider, service) with weekly hours or exceptions: what the periodic sync runs."""
    pairs = set(Availability.objects.values_list("clinician_id", "service"))
    pairs |= set(AvailabilityException.objects.values_list("clinician_id", "service"))
    users = {u.pk: u for u in clinicians_with_hours().filter(pk__in={pk for pk, _s in pairs})}
    return [(users[pk], service) for pk, service in sorted(pairs) if pk in users]


def free_slots(
    clinician: User | None = None,
    *,
    mode: str | None = "remote",
    start: datetime | None = None,
    end: datetime | None = None,
    service: str = Service.CLINICAL,
) -> QuerySet[Slot]:
    """Published slots of ``service`` nobody holds: not withdrawn, not reserved for the green
    channel, not started, with a provider. ``clinician`` None: every provider's."""
    now = timezone.now()
    start = max(start or now, now)
    slots = Slot.objects.filter(
        service=service,
        is_withdrawn=False,
        green_channel=False,
        clinician__isnull=False,
        clinician__is_active=True,
        starts_at__gt=start,
    ).filter(~_active_booking())
    if end is not None:
        slots = slots.filter(starts_at__lt=end)
    if mode:
        slots = slots.filter(mode=mode)
    if clinician is not None:
        slots = slots.filter(clinician=clinician)
    return slots.select_related("clinician", "department").order_by("starts_at", "pk")


def bookable_clinicians(service: str = Service.CLINICAL) -> QuerySet[User]:
    """Providers of ``service`` with at least one free future slot (remote or in clinic)."""
    ids = free_slots(mode=None, service=service).values("clinician_id")
    return User.objects.filter(pk__in=ids).order_by("display_name", "pk")
