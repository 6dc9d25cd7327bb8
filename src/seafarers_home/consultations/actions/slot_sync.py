"""Generated slots kept in line with providers' weekly hours and exceptions, per service: created,
withdrawn (when no longer wanted and not booked) and restored. Run after every change of hours
(actions/availability.py) and by the periodic job ``consultations.sync_slots``. What is wanted
is computed in ``consultations/availability.py``."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consultations.availability import (
    SyncResult,
    _active_booking,
    _overlaps,
    provider_organisation,
    providers_with_hours,
    slot_weeks,
    wanted_slots,
)
from seafarers_home.consultations.models import Service, Slot
from seafarers_home.lib.zones import hospital_zone


def sync_slots(
    clinician: User,
    *,
    weeks: int | None = None,
    now: datetime | None = None,
    service: str = Service.CLINICAL,
) -> SyncResult:
    """Bring the provider's generated future slots of ``service`` in line with their hours of
    that service (idempotent)."""
    now = now or timezone.now()
    horizon = now + timedelta(weeks=weeks or slot_weeks())
    department = provider_organisation(clinician, service)
    with transaction.atomic():
        # One sync per clinician at a time: two concurrent runs would both create the slots.
        User.objects.select_for_update().filter(pk=clinician.pk).first()
        hospital = hospital_zone()
        first = now.astimezone(hospital).date() - timedelta(days=1)
        last = horizon.astimezone(hospital).date() + timedelta(days=1)
        wanted = {
            k
            for k in wanted_slots(clinician, first, last, service)
            if now < k[0] and k[0] < horizon
        }
        future = Slot.objects.filter(clinician=clinician, starts_at__gt=now).annotate(
            taken=_active_booking()
        )
        generated = {}
        manual: list[tuple[datetime, datetime]] = []
        for slot in future:
            if slot.from_availability and slot.service == service:
                generated[(slot.starts_at, slot.ends_at, slot.mode)] = slot
            elif not slot.is_withdrawn:
                # Published by hand, or for the provider's other service: they are busy then.
                manual.append((slot.starts_at, slot.ends_at))
        withdraw = [
            s.pk
            for k, s in generated.items()
            if k not in wanted and not s.is_withdrawn and not s.taken
        ]
        restore = [s.pk for k, s in generated.items() if k in wanted and s.is_withdrawn]
        new = [
            Slot(
                service=service,
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
            new = []  # a provider without an organisation cannot publish slots
        Slot.objects.filter(pk__in=withdraw).update(is_withdrawn=True, updated_at=now)
        Slot.objects.filter(pk__in=restore).update(is_withdrawn=False, updated_at=now)
        Slot.objects.bulk_create(new)
    return SyncResult(created=len(new), withdrawn=len(withdraw), restored=len(restore))


def sync_all(now: datetime | None = None) -> SyncResult:
    total = SyncResult()
    for provider, service in providers_with_hours():
        result = sync_slots(provider, now=now, service=service)
        total = SyncResult(
            total.created + result.created,
            total.withdrawn + result.withdrawn,
            total.restored + result.restored,
        )
    return total
