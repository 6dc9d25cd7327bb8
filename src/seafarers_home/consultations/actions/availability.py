"""Providers edit their weekly hours and exceptions; every change re-publishes their slots.

One implementation for both services: a clinician publishes clinical hours at their department,
a legal worker legal hours at their union or law firm (``Hours.service``, ``service=``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.consultations.actions.slot_sync import sync_slots
from seafarers_home.consultations.availability import SyncResult, provider_organisation
from seafarers_home.consultations.models import Mode, Service
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)
from seafarers_home.lib.zones import hospital_zone_name
from seafarers_home.permissions.roles import is_clinician, is_legal_worker

PURPOSE = "consultation availability"


class AvailabilityInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Hours:
    weekday: int
    start_time: time
    end_time: time
    slot_minutes: int
    mode: str
    valid_from: date
    valid_until: date | None = None
    service: str = Service.CLINICAL


def _require_provider(provider: User, service: str, mode: str) -> None:
    if service == Service.LEGAL:
        if not is_legal_worker(provider) or provider_organisation(provider, service) is None:
            raise AvailabilityInvalid(_("只有所属机构的法律工作者可以发布法律咨询时间。"))
        if mode != Mode.REMOTE:
            # Legal consultations are calls (voice or video in the room), never a clinic visit.
            raise AvailabilityInvalid(_("法律咨询只能是远程(电话或视频)。"))
        return
    if service != Service.CLINICAL:
        raise AvailabilityInvalid(_("请从给出的选项中选择。"))
    if not is_clinician(provider) or provider_organisation(provider, service) is None:
        raise AvailabilityInvalid(_("只有所属科室的医生可以发布出诊时间。"))


def _check_times(start: time | None, end: time | None, minutes: int) -> None:
    if start is None or end is None or end <= start:
        raise AvailabilityInvalid(_("结束时间必须晚于开始时间。"))
    length = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
    if length < minutes:
        raise AvailabilityInvalid(_("时间段短于一个号源的长度。"))


def do_add_hours(
    clinician: User, hours: Hours, *, request: HttpRequest | None = None
) -> tuple[Availability, SyncResult]:
    _require_provider(clinician, hours.service, hours.mode)
    _check_times(hours.start_time, hours.end_time, hours.slot_minutes)
    if hours.valid_until is not None and hours.valid_until < hours.valid_from:
        raise AvailabilityInvalid(_("截止日期不能早于生效日期。"))
    with transaction.atomic():
        clash = Availability.objects.filter(
            clinician=clinician,
            weekday=hours.weekday,
            start_time__lt=hours.end_time,
            end_time__gt=hours.start_time,
        )
        if clash.exists():
            raise AvailabilityInvalid(_("这段时间与已有的出诊时间重叠。"))
        row = Availability.objects.create(
            clinician=clinician,
            weekday=hours.weekday,
            start_time=hours.start_time,
            end_time=hours.end_time,
            slot_minutes=hours.slot_minutes,
            mode=hours.mode,
            valid_from=hours.valid_from,
            valid_until=hours.valid_until,
            time_zone=hospital_zone_name(),
            service=hours.service,
        )
        record_audit(
            clinician,
            "consultations.hours_add",
            target=row,
            purpose=PURPOSE,
            request=request,
            detail={"weekday": hours.weekday, "mode": hours.mode, "service": hours.service},
        )
        result = sync_slots(clinician, service=hours.service)
    return row, result


def do_remove_hours(
    row: Availability, clinician: User, *, request: HttpRequest | None = None
) -> SyncResult:
    """Remove weekly hours: their free future slots are withdrawn; booked ones stay."""
    with transaction.atomic():
        record_audit(
            clinician,
            "consultations.hours_remove",
            target=row,
            purpose=PURPOSE,
            request=request,
            detail={"weekday": row.weekday, "service": row.service},
        )
        row.delete()
        return sync_slots(clinician, service=row.service)


def do_add_exception(
    clinician: User,
    *,
    day: date,
    kind: str,
    start_time: time | None = None,
    end_time: time | None = None,
    slot_minutes: int = 30,
    mode: str = "remote",
    service: str = Service.CLINICAL,
    request: HttpRequest | None = None,
) -> tuple[AvailabilityException, SyncResult]:
    """A day (or some hours) off, or extra hours on one date, of one service's hours."""
    _require_provider(clinician, service, mode)
    if kind == AvailabilityException.Kind.EXTRA or start_time or end_time:
        _check_times(start_time, end_time, slot_minutes)
    with transaction.atomic():
        row = AvailabilityException.objects.create(
            clinician=clinician,
            date=day,
            kind=kind,
            start_time=start_time,
            end_time=end_time,
            slot_minutes=slot_minutes,
            mode=mode,
            time_zone=hospital_zone_name(),
            service=service,
        )
        record_audit(
            clinician,
            "consultations.exception_add",
            target=row,
            purpose=PURPOSE,
            request=request,
            detail={"date": day.isoformat(), "kind": kind, "service": service},
        )
        result = sync_slots(clinician, service=service)
    return row, result


def do_remove_exception(
    row: AvailabilityException, clinician: User, *, request: HttpRequest | None = None
) -> SyncResult:
    with transaction.atomic():
        record_audit(
            clinician,
            "consultations.exception_remove",
            target=row,
            purpose=PURPOSE,
            request=request,
            detail={"date": row.date.isoformat(), "service": row.service},
        )
        row.delete()
        return sync_slots(clinician, service=row.service)
