"""The duty roster's writes: a counsellor's or an on-call psychiatrist's shift added (the
psychiatrist's also as a tier-2 ``DutyShift`` of the alerts) or removed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import DutyShift
from seafarers_home.audit.services import record_audit
from seafarers_home.hotline.models import HotlineShift
from seafarers_home.hotline.roster import MAX_SHIFT_HOURS, ON_CALL_TIER, ShiftInvalid


def do_add_shift(
    person: User,
    *,
    kind: str,
    starts_at: datetime,
    ends_at: datetime,
    by: User,
    request: HttpRequest | None = None,
) -> HotlineShift:
    if kind not in HotlineShift.Kind.values:
        raise ShiftInvalid(_("请选择岗位。"))
    needed = Role.COUNSELLOR if kind == HotlineShift.Kind.COUNSELLOR else Role.CLINICIAN
    if not person.has_role(needed):
        raise ShiftInvalid(_("这个人不能担任这个岗位。"))
    if ends_at <= starts_at:
        raise ShiftInvalid(_("结束时间必须晚于开始时间。"))
    if ends_at - starts_at > timedelta(hours=MAX_SHIFT_HOURS):
        raise ShiftInvalid(_("一个班次最长24小时。"))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()
        overlapping = HotlineShift.objects.filter(
            user=person, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        if overlapping.exists():
            raise ShiftInvalid(_("这个人在这段时间已经有班次。"))
        duty = None
        if kind == HotlineShift.Kind.PSYCHIATRIST:
            duty = DutyShift.objects.create(
                user=person, tier=ON_CALL_TIER, starts_at=starts_at, ends_at=ends_at
            )
        shift = HotlineShift.objects.create(
            user=person, kind=kind, starts_at=starts_at, ends_at=ends_at, duty_shift=duty
        )
        record_audit(by, "hotline.shift_add", target=shift, purpose="roster", request=request)
    return shift


def do_remove_shift(shift: HotlineShift, *, by: User, request: HttpRequest | None = None) -> None:
    with transaction.atomic():
        record_audit(by, "hotline.shift_remove", target=shift, purpose="roster", request=request)
        if shift.duty_shift_id:
            DutyShift.objects.filter(pk=shift.duty_shift_id).delete()
        shift.delete()
