"""The clinic's slots published: a clinician's in-clinic hours cut into slots over a span of
days, the earliest of each day reserved for the green channel by its share. The rules
(validation, quota, free slots) are in ``consultations/slots.py``."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.consultations.models import Mode, Slot
from seafarers_home.consultations.slots import (
    PublishReport,
    SlotsInvalid,
    _periods,
    green_quota,
    validate_publish,
)
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.organisations.models import Organisation
from seafarers_home.permissions.roles import clinic_departments


def do_publish_clinic_slots(
    clinician: User,
    *,
    department: Organisation,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: set[int],
    start_hour: int,
    end_hour: int,
    slot_minutes: int,
    request: HttpRequest | None = None,
) -> PublishReport:
    """Publish in-clinic slots (see the module docstring). ``weekdays``: 0 = Monday."""
    if department not in clinic_departments(clinician):
        raise SlotsInvalid(_("只有海员心理咨询科的医生可以发布门诊号源。"))
    zone = hospital_zone()
    validate_publish(
        first_day=first_day,
        last_day=last_day,
        weekdays=weekdays,
        start_hour=start_hour,
        end_hour=end_hour,
        slot_minutes=slot_minutes,
        today=timezone.now().astimezone(zone).date(),
    )
    now = timezone.now()
    created = green = skipped = 0
    with transaction.atomic():
        day = first_day
        while day <= last_day:
            if day.weekday() in weekdays:
                c, g, s = _publish_day(
                    clinician, department, day, start_hour, end_hour, slot_minutes, zone, now
                )
                created, green, skipped = created + c, green + g, skipped + s
            day += datetime.timedelta(days=1)
        record_audit(
            clinician,
            "consultations.publish_slots",
            target=department,
            purpose="clinic slot publishing",
            request=request,
            detail={
                "first_day": first_day.isoformat(),
                "last_day": last_day.isoformat(),
                "created": created,
                "green": green,
            },
        )
    return PublishReport(created=created, green=green, skipped=skipped)


def _publish_day(
    clinician: User,
    department: Organisation,
    day: datetime.date,
    start_hour: int,
    end_hour: int,
    minutes: int,
    zone: ZoneInfo,
    now: datetime.datetime,
) -> tuple[int, int, int]:
    day_start = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone)
    day_slots = Slot.objects.select_for_update().filter(
        department=department,
        mode=Mode.IN_CLINIC,
        is_withdrawn=False,
        starts_at__gte=day_start,
        starts_at__lt=day_start + datetime.timedelta(days=1),
    )
    existing = list(day_slots)
    mine = {s.starts_at for s in existing if s.clinician_id == clinician.pk}
    new = [
        Slot(
            department=department,
            clinician=clinician,
            starts_at=start,
            ends_at=end,
            mode=Mode.IN_CLINIC,
        )
        for start, end in _periods(day, start_hour, end_hour, minutes, zone)
        if start not in mine and start > now
    ]
    skipped = len(_periods(day, start_hour, end_hour, minutes, zone)) - len(new)
    if not new:
        return 0, 0, skipped
    needed = green_quota(len(existing) + len(new)) - sum(1 for s in existing if s.green_channel)
    # The earliest new periods of the day take the reservation.
    for slot in sorted(new, key=lambda s: s.starts_at)[: max(0, needed)]:
        slot.green_channel = True
    Slot.objects.bulk_create(new)
    return len(new), sum(1 for s in new if s.green_channel), skipped
