"""Publishing a clinician's availability as bookable slots, and finding free slots.

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
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)
from seafarers_home.lib.zones import hospital_zone
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


def clinician_department(clinician: User) -> Organisation | None:
    """The department a clinician works in (their clinician grant's organisation)."""
    grant = (
        RoleGrant.objects.filter(user=clinician, role=Role.CLINICIAN, organisation__isnull=False)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return grant.organisation if grant else None


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


def wanted_slots(clinician: User, first: date, last: date) -> set[SlotKey]:
    """The slots the weekly hours and the exceptions give for the days ``first``..``last``."""
    hours = list(
        Availability.objects.filter(clinician=clinician, valid_from__lte=last).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=first)
        )
    )
    exceptions = list(
        AvailabilityException.objects.filter(clinician=clinician, date__range=(first, last))
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


def sync_slots(
    clinician: User, *, weeks: int | None = None, now: datetime | None = None
) -> SyncResult:
    """Bring the clinician's generated future slots in line with their hours (idempotent)."""
    now = now or timezone.now()
    horizon = now + timedelta(weeks=weeks or slot_weeks())
    department = clinician_department(clinician)
    with transaction.atomic():
        # One sync per clinician at a time: two concurrent runs would both create the slots.
        User.objects.select_for_update().filter(pk=clinician.pk).first()
        hospital = hospital_zone()
        first = now.astimezone(hospital).date() - timedelta(days=1)
        last = horizon.astimezone(hospital).date() + timedelta(days=1)
        wanted = {k for k in wanted_slots(clinician, first, last) if now < k[0] and k[0] < horizon}
        future = Slot.objects.filter(clinician=clinician, starts_at__gt=now).annotate(
            taken=_active_booking()
        )
        generated = {}
        manual: list[tuple[datetime, datetime]] = []
        for slot in future:
            if slot.from_availability:
                generated[(slot.starts_at, slot.ends_at, slot.mode)] = slot
            elif not slot.is_withdrawn:
                manual.append((slot.starts_at, slot.ends_at))
        withdraw = [
            s.pk
            for k, s in generated.items()
            if k not in wanted and not s.is_withdrawn and not s.taken
        ]
        restore = [s.pk for k, s in generated.items() if k in wanted and s.is_withdrawn]
        new = [
            Slot(
                department=department,
                clinician=clinician,
                starts_at=k[0],
                ends_at=k[1],
                mode=k[2],
                from_availability=True,
            )
            for k in sorted(wanted)
            if k not in generated and not _overlaps(k, manual)
        ]
        if new and department is None:
            new = []  # a clinician without a department cannot publish slots
        Slot.objects.filter(pk__in=withdraw).update(is_withdrawn=True, updated_at=now)
        Slot.objects.filter(pk__in=restore).update(is_withdrawn=False, updated_at=now)
        Slot.objects.bulk_create(new)
    return SyncResult(created=len(new), withdrawn=len(withdraw), restored=len(restore))


def clinicians_with_hours() -> QuerySet[User]:
    return User.objects.filter(
        Q(consultation_hours__isnull=False) | Q(consultation_exceptions__isnull=False),
        is_active=True,
    ).distinct()


def sync_all(now: datetime | None = None) -> SyncResult:
    total = SyncResult()
    for clinician in clinicians_with_hours():
        result = sync_slots(clinician, now=now)
        total = SyncResult(
            total.created + result.created,
            total.withdrawn + result.withdrawn,
            total.restored + result.restored,
        )
    return total


def free_slots(
    clinician: User | None = None,
    *,
    mode: str | None = "remote",
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[Slot]:
    """Published slots nobody holds: not withdrawn, not reserved for the green channel, not
    started, with a clinician. ``clinician`` None: every clinician's."""
    now = timezone.now()
    start = max(start or now, now)
    slots = Slot.objects.filter(
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


def bookable_clinicians() -> QuerySet[User]:
    """Clinicians with at least one free future slot (remote or in clinic)."""
    ids = free_slots(mode=None).values("clinician_id")
    return User.objects.filter(pk__in=ids).order_by("display_name", "pk")
