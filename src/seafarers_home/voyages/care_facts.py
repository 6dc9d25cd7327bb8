"""Completing care tasks from facts, for a batch of voyages in a fixed number of queries.

A task is done when its fact exists (``care_plan.fact_window`` says from when it counts):

- screening / pulse: a completed screening of the step's battery in the window;
- training: every lesson done (lessons are done once, so any time counts);
- clearance: a clinician's clearance in the window;
- follow-up contact: the counsellor recorded an outcome;
- safe home: the seafarer opened the safe-home page (``services_care`` marks it at once);
- help reminder: sent by the run (``care_reminders``), which marks it done.

The task's ``completed_at`` is the time of the fact. An after-return screening of risk
follow-up or worse refers the seafarer to the green channel (``green_channel``), in a savepoint:
should the referral fail (a database error), the task stays open and the next run tries again —
the signal is never dropped silently; a refusal (``ReferralInvalid``, e.g. consent withdrawn)
is final and logged.
"""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from django.db import connection, transaction
from django.db.models import Count, Max

from seafarers_home.accounts.models import User
from seafarers_home.screening.models import Clearance, LessonCompletion, RiskLevel, Screening
from seafarers_home.screening.training import all_lessons
from seafarers_home.voyages.care_plan import fact_window
from seafarers_home.voyages.green_referrals import ReferralInvalid, do_refer_to_green_channel
from seafarers_home.voyages.models import CarePlanStep, CareTask, FollowUpOutcome, Phase, Voyage
from seafarers_home.voyages.referrals_bulk import Wanted, refer_in_bulk

if TYPE_CHECKING:
    from seafarers_home.voyages.care import Plan, RunReport, VoyageDay

logger = logging.getLogger("seafarers_home.voyages")

Kind = CarePlanStep.Kind
DONE, OPEN = CareTask.Status.DONE.value, CareTask.Status.OPEN.value
REFER_RISKS = {RiskLevel.FOLLOW_UP, RiskLevel.URGENT, RiskLevel.CRISIS}


class OpenTask(NamedTuple):
    pk: int
    voyage_id: int
    seafarer_id: int
    step_id: int
    sequence: int


def complete_from_facts(
    days: list[VoyageDay],
    plan: Plan,
    now: datetime.datetime,
    report: RunReport,
    open_tasks: list[OpenTask] | None = None,
    one_by_one: bool = False,
) -> None:
    """Complete the open tasks of these voyages whose facts exist (``open_tasks``: the
    caller's list of them, already read; None reads them)."""
    by_voyage = {day.voyage.pk: day for day in days}
    tasks = open_tasks
    if tasks is None:
        tasks = [
            OpenTask(*row)
            for row in CareTask.objects.filter(
                voyage_id__in=list(by_voyage), status=CareTask.Status.OPEN
            ).values_list("pk", "voyage_id", "seafarer_id", "step_id", "sequence")
        ]
    if not tasks:
        return
    grouped: dict[str, list[tuple[OpenTask, datetime.datetime, datetime.datetime | None]]]
    grouped = defaultdict(list)
    for task in tasks:
        step = plan.by_id[task.step_id]
        day = by_voyage[task.voyage_id]
        window = fact_window(day.voyage, step, task.sequence, day.zone)
        if window is not None:
            grouped[step.kind].append((task, *window))
    done: list[tuple[OpenTask, datetime.datetime]] = []
    referrals: list[tuple[OpenTask, int, str]] = []
    screenings = grouped[Kind.SCREENING] + grouped[Kind.PULSE]
    if screenings:
        _screenings(screenings, plan, done, referrals)
    if grouped[Kind.TRAINING]:
        _training(grouped[Kind.TRAINING], done)
    if grouped[Kind.CLEARANCE]:
        _clearances(grouped[Kind.CLEARANCE], done)
    if grouped[Kind.FOLLOW_UP_CONTACT]:
        _outcomes(grouped[Kind.FOLLOW_UP_CONTACT], done)
    failed = _refer(referrals, report) if one_by_one else _refer_in_bulk(referrals, report)
    finished = [(task.pk, at) for task, at in done if task.pk not in failed]
    _mark_done(finished, now)
    report.tasks_completed += len(finished)


def _mark_done(finished: list[tuple[int, datetime.datetime]], now: datetime.datetime) -> None:
    """One parameterised UPDATE sent for every task (``executemany``: psycopg 3 pipelines
    it, SQLite reuses the statement) — ``bulk_update``'s CASE over 500 ids per statement cost
    more to build and to plan than the updates themselves (issue 20 item 5). Only a task
    still open: one closed or done meanwhile (a page, the minute job) keeps its state."""
    if not finished:
        return
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)
    table = CareTask._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET status = %s, completed_at = %s, updated_at = %s "  # noqa: S608
            "WHERE id = %s AND status = %s",
            [(DONE, ops.adapt_datetimefield_value(at), stamp, pk, OPEN) for pk, at in finished],
        )


def _screenings(
    items: list[tuple[OpenTask, datetime.datetime, datetime.datetime | None]],
    plan: Plan,
    done: list[tuple[OpenTask, datetime.datetime]],
    referrals: list[tuple[OpenTask, int, str]],
) -> None:
    codes = {plan.by_id[task.step_id].battery_code for task, _s, _e in items}
    found: dict[tuple[int, str], list[tuple[datetime.datetime, int, str]]] = defaultdict(list)
    rows = (
        Screening.objects.filter(
            seafarer_id__in={task.seafarer_id for task, _s, _e in items},
            status=Screening.Status.COMPLETED,
            battery__code__in=codes,
            completed_at__gte=min(start for _t, start, _e in items),
        )
        .order_by("completed_at", "pk")
        .values_list("seafarer_id", "battery__code", "completed_at", "pk", "risk_level")
    )
    for seafarer_id, code, completed_at, pk, risk in rows:
        found[(seafarer_id, code)].append((completed_at, pk, risk))
    for task, start, end in items:
        step = plan.by_id[task.step_id]
        for completed_at, pk, risk in found.get((task.seafarer_id, step.battery_code), ()):
            if completed_at >= start and (end is None or completed_at < end):
                done.append((task, completed_at))
                if step.phase == Phase.AFTER_RETURN and risk in REFER_RISKS:
                    referrals.append((task, pk, risk))
                break


def _training(
    items: list[tuple[OpenTask, datetime.datetime, datetime.datetime | None]],
    done: list[tuple[OpenTask, datetime.datetime]],
) -> None:
    slugs = [lesson.slug for lesson in all_lessons()]
    if not slugs:
        return
    finished = {
        row["user_id"]: row["last"]
        for row in LessonCompletion.objects.filter(
            user_id__in={task.seafarer_id for task, _s, _e in items}, lesson_slug__in=slugs
        )
        .values("user_id")
        .annotate(n=Count("lesson_slug", distinct=True), last=Max("created_at"))
        if row["n"] >= len(slugs)
    }
    done.extend(
        (task, finished[task.seafarer_id]) for task, _s, _e in items if task.seafarer_id in finished
    )


def _clearances(
    items: list[tuple[OpenTask, datetime.datetime, datetime.datetime | None]],
    done: list[tuple[OpenTask, datetime.datetime]],
) -> None:
    found: dict[int, list[datetime.datetime]] = defaultdict(list)
    for seafarer_id, created_at in (
        Clearance.objects.filter(
            seafarer_id__in={task.seafarer_id for task, _s, _e in items},
            created_at__gte=min(start for _t, start, _e in items),
        )
        .order_by("created_at")
        .values_list("seafarer_id", "created_at")
    ):
        found[seafarer_id].append(created_at)
    for task, start, _end in items:
        at = next((c for c in found.get(task.seafarer_id, ()) if c >= start), None)
        if at is not None:
            done.append((task, at))


def _outcomes(
    items: list[tuple[OpenTask, datetime.datetime, datetime.datetime | None]],
    done: list[tuple[OpenTask, datetime.datetime]],
) -> None:
    recorded = dict(
        FollowUpOutcome.objects.filter(task_id__in=[task.pk for task, _s, _e in items]).values_list(
            "task_id", "created_at"
        )
    )
    done.extend((task, recorded[task.pk]) for task, _s, _e in items if task.pk in recorded)


def _refer_in_bulk(
    referrals: list[tuple[OpenTask, int, str]],
    report: RunReport,
) -> set[int]:
    """``_refer`` for the whole batch in a fixed number of queries (``referrals_bulk``); a
    database error leaves every task of the batch open for the next run."""
    if not referrals:
        return set()
    screenings = Screening.objects.in_bulk([pk for _t, pk, _r in referrals])
    seafarers = User.objects.in_bulk([task.seafarer_id for task, _pk, _r in referrals])
    wanted = [
        Wanted(
            key=task.pk,
            seafarer=seafarers[task.seafarer_id],
            voyage_id=task.voyage_id,
            screening=screenings[screening_pk],
        )
        for task, screening_pk, _risk in referrals
    ]
    try:
        with transaction.atomic():
            referred, refused = refer_in_bulk(wanted)
    except Exception:
        logger.exception("green-channel referrals of %d care tasks failed", len(wanted))
        return {item.key for item in wanted}
    for key in sorted(refused):
        logger.info("no green-channel referral for care task %s: refused", key)
    report.referrals += len(referred)
    return set()


def _refer(
    referrals: list[tuple[OpenTask, int, str]],
    report: RunReport,
) -> set[int]:
    """Refer each seafarer whose return screening needs it; the pks of tasks whose referral
    failed (left open for the next run)."""
    if not referrals:
        return set()

    failed: set[int] = set()
    screenings = Screening.objects.in_bulk([pk for _t, pk, _r in referrals])
    seafarers = User.objects.in_bulk([task.seafarer_id for task, _pk, _r in referrals])
    voyages = Voyage.objects.in_bulk([task.voyage_id for task, _pk, _r in referrals])
    for task, screening_pk, _risk in referrals:
        voyage = voyages[task.voyage_id]
        try:
            with transaction.atomic():
                do_refer_to_green_channel(
                    seafarers[task.seafarer_id],
                    source="return_screening",
                    voyage=voyage,
                    screening=screenings[screening_pk],
                )
        except ReferralInvalid as refused:
            # Permanent (e.g. the seafarer withdrew the health-data consent): the task is done.
            logger.info("no green-channel referral for care task %s: %s", task.pk, refused)
            continue
        except Exception:
            logger.exception("green-channel referral for care task %s failed", task.pk)
            failed.add(task.pk)
            continue
        report.referrals += 1
    return failed
