"""In-clinic slots of the seafarer clinic, and the share reserved for the green channel.

Clinicians of the seafarer clinic department (``Organisation.is_seafarer_clinic``) publish
slots for a range of days: on the chosen weekdays, from a start hour to an end hour in
hospital time (HOSPITAL_TIME_ZONE), cut into periods of ``slot_minutes``. Of each day's in-clinic
slots of the department, ``GREEN_CHANNEL_SHARE_PERCENT`` % (rounded up) are reserved for the
green channel: the earliest ones of the day, so that a returning seafarer who was referred
gets the first appointment of a clinic day, before the general list.

Publishing is idempotent: a period that already has a slot of this clinician is skipped, and
the reservation is topped up (never taken away from existing slots) when a day grows. The
publishing itself: ``actions/clinic_slots.py``.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.consultations.services import ACTIVE_STATUSES
from seafarers_home.organisations.models import Organisation

MAX_DAYS = 62
SLOT_MINUTES_CHOICES = (15, 20, 30, 45, 60)


class SlotsInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class PublishReport:
    created: int
    green: int
    skipped: int


def green_share_percent() -> int:
    return max(0, min(100, int(settings.GREEN_CHANNEL_SHARE_PERCENT)))


def green_quota(slots_in_day: int, percent: int | None = None) -> int:
    """How many of a day's slots are reserved: the share, rounded up."""
    percent = green_share_percent() if percent is None else percent
    return math.ceil(slots_in_day * percent / 100)


def active_appointment_exists() -> Exists:
    return Exists(Appointment.objects.filter(slot=OuterRef("pk"), status__in=ACTIVE_STATUSES))


def free_slots(
    *,
    green: bool | None,
    mode: str = Mode.IN_CLINIC,
    department: Organisation | None = None,
    after: datetime.datetime | None = None,
) -> QuerySet[Slot]:
    """Bookable slots (not withdrawn, in the future, not actively booked), earliest first.
    ``green``: True only reserved ones, False only general ones, None both."""
    slots = Slot.objects.filter(
        mode=mode, is_withdrawn=False, starts_at__gt=after or timezone.now()
    )
    if mode == Mode.IN_CLINIC:
        slots = slots.filter(department__is_seafarer_clinic=True)
    if department is not None:
        slots = slots.filter(department=department)
    if green is not None:
        slots = slots.filter(green_channel=green)
    return (
        slots.annotate(taken=active_appointment_exists())
        .filter(taken=False)
        .select_related("department", "clinician")
        .order_by("starts_at", "pk")
    )


def _periods(
    day: datetime.date, start_hour: int, end_hour: int, minutes: int, zone: ZoneInfo
) -> list[tuple[datetime.datetime, datetime.datetime]]:
    start = datetime.datetime.combine(day, datetime.time(start_hour), tzinfo=zone)
    end = datetime.datetime.combine(day, datetime.time(0), tzinfo=zone) + datetime.timedelta(
        hours=end_hour
    )
    step = datetime.timedelta(minutes=minutes)
    periods = []
    while start + step <= end:
        periods.append((start, start + step))
        start += step
    return periods


def validate_publish(
    *,
    first_day: datetime.date,
    last_day: datetime.date,
    weekdays: set[int],
    start_hour: int,
    end_hour: int,
    slot_minutes: int,
    today: datetime.date,
) -> None:
    if last_day < first_day:
        raise SlotsInvalid(_("结束日期不能早于开始日期。"))
    if first_day < today:
        raise SlotsInvalid(_("不能为已经过去的日子发布号源。"))
    if (last_day - first_day).days >= MAX_DAYS:
        raise SlotsInvalid(_("一次最多发布 %(days)d 天的号源。") % {"days": MAX_DAYS})
    if not weekdays or not weekdays <= set(range(7)):
        raise SlotsInvalid(_("请至少选择一个星期几。"))
    if not (0 <= start_hour < end_hour <= 24):
        raise SlotsInvalid(_("结束时间必须晚于开始时间。"))
    if slot_minutes not in SLOT_MINUTES_CHOICES:
        raise SlotsInvalid(_("每个号源的时长无效。"))
