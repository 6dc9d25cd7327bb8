"""The legal workers' duty roster's writes: a shift added or removed by the union's staff
(duty.py says who may and who is on duty)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.rights.duty import MAX_SHIFT, ShiftInvalid, manages_legal_roster
from seafarers_home.rights.models import LegalDutyShift
from seafarers_home.rights.reporting import union_rights_officers

PURPOSE = "legal duty roster"


def do_add_duty_shift(
    worker: User,
    *,
    starts_at: datetime,
    ends_at: datetime,
    by: User,
    request: HttpRequest | None = None,
) -> LegalDutyShift:
    """A rights officer's shift; ``ShiftInvalid`` for someone who is not one, an end not after
    the start, a shift over in the past, longer than a week or overlapping their own."""
    if not manages_legal_roster(by):
        raise ShiftInvalid({"worker": _("只有工会工作人员可以安排值班。")})
    errors: dict[str, str] = {}
    if worker.pk not in {u.pk for u in union_rights_officers()}:
        errors["worker"] = _("只能安排工会的维权专员值班。")
    if ends_at <= starts_at:
        errors["ends_at"] = _("结束时间必须晚于开始时间。")
    elif ends_at - starts_at > MAX_SHIFT:
        errors["ends_at"] = _("一个班次最长7天。")
    elif ends_at <= timezone.now():
        errors["ends_at"] = _("这个班次已经过去了。")
    if errors:
        raise ShiftInvalid(errors)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=worker.pk).first()  # one add per person
        overlapping = LegalDutyShift.objects.filter(
            worker=worker, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        if overlapping.exists():
            raise ShiftInvalid({"starts_at": _("这个人在这段时间已经有班次。")})
        shift = LegalDutyShift.objects.create(
            worker=worker, starts_at=starts_at, ends_at=ends_at, created_by=by
        )
        record_audit(by, "rights.duty_add", target=shift, purpose=PURPOSE, request=request)
    return shift


def do_remove_duty_shift(
    shift: LegalDutyShift, *, by: User, request: HttpRequest | None = None
) -> None:
    if not manages_legal_roster(by):
        raise ShiftInvalid({"worker": _("只有工会工作人员可以安排值班。")})
    with transaction.atomic():
        record_audit(by, "rights.duty_remove", target=shift, purpose=PURPOSE, request=request)
        shift.delete()
