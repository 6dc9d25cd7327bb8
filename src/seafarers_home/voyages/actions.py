"""Every write of voyages and care through a voyage: recording a voyage or a crew, departure,
return and cancellation, the safe-home share, care tasks set aside, the 14-day follow-up's
outcome. Each ``do_*`` owns its transaction and audit row; the rules they apply stay in
services_voyages.py and services_care.py."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import mark_replay
from seafarers_home.organisations.models import Vessel
from seafarers_home.voyages.models import (
    CarePlanStep,
    CareTask,
    FollowUpOutcome,
    Phase,
    SafeHomeShare,
    Voyage,
)
from seafarers_home.voyages.phases import departure_day
from seafarers_home.voyages.services_care import (
    MAX_ACTIVE_SHARES,
    PURPOSE,
    FollowUpInvalid,
    NotOverdue,
    SafeHomeError,
    _refer,
    open_safe_home_tasks,
)
from seafarers_home.voyages.services_voyages import (
    MAX_CREW,
    VoyageInvalid,
    _after_write,
    _create,
    _crew_errors,
    _latest_today,
    _lock_seafarers,
    _locked,
    _refresh,
    _same_voyages,
    new_crew_batch,
)


def do_record_voyage(
    seafarer: User,
    *,
    vessel: Vessel | None,
    planned_departure: datetime.date,
    expected_return: datetime.date,
    recorded_by: User,
    source: str,
    crew_batch: str = "",
    request: HttpRequest | None = None,
) -> Voyage:
    """Record one seafarer's voyage (a crew batch of one unless ``crew_batch`` is given)."""
    return do_record_crew(
        [seafarer],
        vessel=vessel,
        planned_departure=planned_departure,
        expected_return=expected_return,
        recorded_by=recorded_by,
        source=source,
        crew_batch=crew_batch,
        request=request,
    )[0]


def do_record_crew(
    seafarers: Sequence[User],
    *,
    vessel: Vessel | None,
    planned_departure: datetime.date,
    expected_return: datetime.date,
    recorded_by: User,
    source: str,
    crew_batch: str = "",
    request: HttpRequest | None = None,
) -> list[Voyage]:
    """One voyage per seafarer on ``vessel``, sharing a crew batch: all of them or (any
    error) none, with every person's errors in ``VoyageInvalid.messages``.

    Idempotent: a seafarer who already has this very voyage (same vessel and dates, not
    cancelled) keeps it and gets no second one, so a form resent after a dropped satellite
    link, or a crew list uploaded twice, records nothing twice."""
    people = list({seafarer.pk: seafarer for seafarer in seafarers}.values())
    if not people:
        raise VoyageInvalid([_("请至少选择一位海员。")])
    if len(people) > MAX_CREW:
        raise VoyageInvalid([_("一次最多登记 %(n)d 人。") % {"n": MAX_CREW}])
    batch = crew_batch or new_crew_batch()
    with transaction.atomic():
        _lock_seafarers(people)
        existing = _same_voyages(people, vessel, planned_departure, expected_return)
        for voyage in existing.values():
            mark_replay(voyage)  # recorded before: the caller can say it was not again
        todo = [seafarer for seafarer in people if seafarer.pk not in existing]
        if todo:
            errors = _crew_errors(todo, vessel, planned_departure, expected_return, recorded_by)
            if errors:
                raise VoyageInvalid(errors)
        for seafarer in todo:
            voyage = _create(
                seafarer, vessel, planned_departure, expected_return, recorded_by, source, batch
            )
            _after_write(voyage, recorded_by, "voyages.record", request)
            existing[seafarer.pk] = voyage
    return [existing[seafarer.pk] for seafarer in people]


def do_record_departure(
    voyage: Voyage, day: datetime.date, by: User, *, request: HttpRequest | None = None
) -> Voyage:
    """Record the day the seafarer actually sailed."""
    with transaction.atomic():
        voyage = _locked(voyage)
        if voyage.cancelled_at is not None:
            raise VoyageInvalid([_("这个航次已取消。")])
        if voyage.actual_return is not None:
            raise VoyageInvalid([_("已记录归港,不能再修改出海日期。")])
        if day is None:
            raise VoyageInvalid([_("请填写日期。")])
        if day > _latest_today(voyage, by):
            raise VoyageInvalid([_("实际出海日期不能晚于今天。")])
        if day > voyage.expected_return:
            raise VoyageInvalid([_("实际出海日期不能晚于预计归港日期。")])
        voyage.actual_departure = day
        _refresh(voyage)
        voyage.save(update_fields=["actual_departure", "phase", "updated_at"])
        _after_write(voyage, by, "voyages.depart", request)
    return voyage


def do_record_return(
    voyage: Voyage, day: datetime.date, by: User, *, request: HttpRequest | None = None
) -> Voyage:
    """Record the day the seafarer actually came home (also late, after the expected day)."""
    with transaction.atomic():
        voyage = _locked(voyage)
        if voyage.cancelled_at is not None:
            raise VoyageInvalid([_("这个航次已取消。")])
        if day is None:
            raise VoyageInvalid([_("请填写日期。")])
        if day > _latest_today(voyage, by):
            raise VoyageInvalid([_("实际归港日期不能晚于今天。")])
        if day < departure_day(voyage):
            raise VoyageInvalid([_("实际归港日期不能早于出海日期。")])
        voyage.actual_return = day
        _refresh(voyage)
        voyage.save(update_fields=["actual_return", "phase", "updated_at"])
        _after_write(voyage, by, "voyages.return", request)
    return voyage


def do_cancel_voyage(voyage: Voyage, by: User, *, request: HttpRequest | None = None) -> Voyage:
    """Cancel a voyage that has not sailed: no departure or return recorded."""
    with transaction.atomic():
        voyage = _locked(voyage)
        if voyage.cancelled_at is not None:
            raise VoyageInvalid([_("这个航次已取消。")])
        if voyage.actual_departure is not None or voyage.actual_return is not None:
            raise VoyageInvalid([_("已出海的航次不能取消。")])
        voyage.cancelled_at = timezone.now()
        _refresh(voyage)
        voyage.save(update_fields=["cancelled_at", "phase", "updated_at"])
        _after_write(voyage, by, "voyages.cancel", request)
    return voyage


def do_create_safe_home_share(
    seafarer: User, *, request: HttpRequest | None = None
) -> SafeHomeShare:
    with transaction.atomic():
        count = SafeHomeShare.objects.filter(seafarer=seafarer, revoked_at__isnull=True).count()
        if count >= MAX_ACTIVE_SHARES:
            raise SafeHomeError(
                _("最多同时保留 %(n)d 个家属链接,请先收回一个不用的链接。")
                % {"n": MAX_ACTIVE_SHARES}
            )
        share = SafeHomeShare.objects.create(seafarer=seafarer, token=secrets.token_urlsafe(32))
        record_audit(
            seafarer, "voyages.safe_home.share", target=share, purpose=PURPOSE, request=request
        )
    return share


def do_revoke_safe_home_share(
    share: SafeHomeShare, by: User, *, request: HttpRequest | None = None
) -> SafeHomeShare:
    """Revoke a share link (idempotent)."""
    with transaction.atomic():
        updated = SafeHomeShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), updated_at=timezone.now()
        )
        if updated:
            record_audit(
                by, "voyages.safe_home.revoke", target=share, purpose=PURPOSE, request=request
            )
    share.refresh_from_db()
    return share


def do_dismiss_care_task(
    seafarer: User, task: CareTask, *, request: HttpRequest | None = None
) -> CareTask:
    """The seafarer sets an overdue task aside: it leaves the list and sends no more
    reminders (cancelled, audited). The next step of the pathway is not affected."""
    with transaction.atomic():
        locked = CareTask.objects.select_for_update().get(pk=task.pk)
        if locked.status != CareTask.Status.OPEN:
            return locked
        if locked.due_at >= timezone.now():
            raise NotOverdue(_("这个任务还没有过期,完成它或等到过期后再移除。"))
        locked.status = CareTask.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        record_audit(
            seafarer,
            "voyages.care_task.dismiss",
            target=locked,
            purpose="voyage care",
            request=request,
            detail={"step": locked.step_id},
        )
    return locked


def do_mark_safe_home_viewed(seafarer: User, *, request: HttpRequest | None = None) -> int:
    """The seafarer opened the safe-home plan: their open safe-home tasks are done."""
    now = timezone.now()
    with transaction.atomic():
        tasks = list(open_safe_home_tasks(seafarer).select_for_update())
        for task in tasks:
            task.status = CareTask.Status.DONE
            task.completed_at = now
            task.save(update_fields=["status", "completed_at", "updated_at"])
            record_audit(
                seafarer,
                "voyages.care_task.complete",
                target=task,
                purpose=PURPOSE,
                request=request,
            )
    return len(tasks)


def do_record_at_sea_check_in(
    seafarer: User, *, source: str, request: HttpRequest | None = None
) -> int:
    """The seafarer said "all is well" at sea (平安 by short message, issue 14): their open
    at-sea pulse tasks — the period's check-in — are done. Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        tasks = list(
            CareTask.objects.select_for_update().filter(
                seafarer=seafarer,
                status=CareTask.Status.OPEN,
                phase=Phase.AT_SEA,
                step__kind=CarePlanStep.Kind.PULSE,
            )
        )
        for task in tasks:
            task.status = CareTask.Status.DONE
            task.completed_at = now
            task.save(update_fields=["status", "completed_at", "updated_at"])
            record_audit(
                seafarer,
                "voyages.care_task.complete",
                target=task,
                purpose=PURPOSE,
                request=request,
                detail={"check_in": source},
            )
    return len(tasks)


def do_record_follow_up_outcome(
    task: CareTask,
    counsellor: User,
    *,
    result: str,
    note: str = "",
    contacted_at: datetime.datetime | None = None,
    refer: bool = False,
    request: HttpRequest | None = None,
) -> FollowUpOutcome:
    """Record the follow-up contact's outcome and complete the task. One outcome per task: a
    second submission (a retried form) raises ``FollowUpInvalid`` and writes nothing."""
    if result not in FollowUpOutcome.Result.values:
        raise FollowUpInvalid(_("请选择随访结果。"))
    if refer and result != FollowUpOutcome.Result.REACHED_NEEDS_HELP:
        raise FollowUpInvalid(_("只有“需要进一步帮助”时才能转介绿色通道。"))
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = CareTask.objects.select_for_update().get(pk=task.pk)
            if FollowUpOutcome.objects.filter(task=locked).exists():
                raise FollowUpInvalid(_("这次随访的结果已经记录过了。"))
            outcome = FollowUpOutcome.objects.create(
                task=locked,
                counsellor=counsellor,
                contacted_at=contacted_at or now,
                result=result,
                note=note,
            )
            locked.status = CareTask.Status.DONE
            locked.completed_at = now
            if locked.assigned_to_id is None:
                locked.assigned_to = counsellor
            locked.save(update_fields=["status", "completed_at", "assigned_to", "updated_at"])
            record_audit(
                counsellor,
                "voyages.follow_up.record",
                target=outcome,
                purpose="voyage care: 14-day follow-up",
                request=request,
                detail={"task": locked.pk},
            )
            if refer:
                _refer(locked, counsellor, request)
    except IntegrityError as exc:  # a concurrent submission won the race
        raise FollowUpInvalid(_("这次随访的结果已经记录过了。")) from exc
    return outcome
