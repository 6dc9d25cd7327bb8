"""The care pathway (issue 7, item 2): a voyage's phase creates the seafarer's care tasks from
the configurable plan (``CarePlanStep``, edited in the admin), facts complete them, and the
daily run reminds people of them.

``sync_voyage(voyage)`` is called after every voyage write (services_voyages): it recomputes
the cached phase for the seafarer's today, creates the tasks of that phase, closes tasks the
voyage has left behind and completes tasks whose fact exists. ``run_care_pathway()`` is the
daily run (the periodic job ``voyages.care_pathway``, voyages/periodic_jobs.py):
the same for every active voyage in batches — a handful of set-based queries per batch of
``BATCH_SIZE`` voyages, never one per voyage — then the reminders (``care_reminders``).

Rules:

- Idempotent: the unique constraint (voyage, step, sequence) plus
  ``bulk_create(ignore_conflicts=True)``; running twice, or beside ``sync_voyage``, creates
  nothing twice.
- A **cancelled** voyage gets no new tasks and its open tasks are cancelled.
- A **late return** stays at sea (``phases.phase_on``): the pulses keep coming, and the
  after-return tasks wait until somebody records the return.
- When a voyage **leaves a phase**, its still-open tasks of other phases are closed as
  cancelled (missed; a late pre-departure check-up after departure means nothing), and so is
  an open pulse once the next period's pulse begins. Follow-up contacts stay open: a
  counsellor's call is owed even when late.
- A **follow-up contact** is assigned when created to the counsellor with the fewest open
  follow-ups (ties: by id), counting those assigned earlier in the same batch; any counsellor
  may still record it.
"""

from __future__ import annotations

import datetime
import heapq
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.core.bulk_insert import bulk_insert
from seafarers_home.lib.zones import zone
from seafarers_home.notifications.models import Notification
from seafarers_home.voyages.care_facts import OpenTask, complete_from_facts
from seafarers_home.voyages.care_plan import Slot, slots_for
from seafarers_home.voyages.care_reminders import send_reminders
from seafarers_home.voyages.dashboard_snapshot import refresh_dashboard_snapshot
from seafarers_home.voyages.models import CarePlanStep, CareTask, Phase, Voyage
from seafarers_home.voyages.phases import phase_on
from seafarers_home.voyages.phases_sql import update_phases

BATCH_SIZE = 1000
# A run that wrote this many rows brings PostgreSQL's statistics of its tables up to date
# itself: until autovacuum gets to them, the planner would take a city's first run's 100,000
# new tasks for an empty table and scan it whole for each batch of the next run (22 ms a
# batch instead of 2 ms: a third of a same-day rerun).
ANALYZE_AFTER = 10_000
ACTIVE_PHASES = (Phase.BEFORE_DEPARTURE, Phase.AT_SEA, Phase.AFTER_RETURN)
Kind = CarePlanStep.Kind
# What the run reads of a voyage (and of its seafarer: the time zone), nothing more.
VOYAGE_FIELDS = (
    "pk",
    "seafarer_id",
    "seafarer__time_zone",
    "planned_departure",
    "expected_return",
    "actual_departure",
    "actual_return",
    "cancelled_at",
    "phase",
    "created_at",
)


class VoyageRow(NamedTuple):
    """A voyage as the run reads it (``VOYAGE_FIELDS``, in that order): a row, not a model
    object — building a Voyage and a User for each of a city's 42,500 active voyages was a
    quarter of the same-day rerun (issue 20 item 5)."""

    pk: int
    seafarer_id: int
    time_zone: str
    planned_departure: datetime.date
    expected_return: datetime.date
    actual_departure: datetime.date | None
    actual_return: datetime.date | None
    cancelled_at: datetime.datetime | None
    phase: str
    created_at: datetime.datetime | None


def voyage_rows(voyages: QuerySet[Voyage]) -> list[VoyageRow]:
    """The voyages of the queryset as the run reads them, in the queryset's order."""
    return list(map(VoyageRow._make, voyages.values_list(*VOYAGE_FIELDS)))


@dataclass
class RunReport:
    voyages: int = 0
    phase_changes: int = 0
    tasks_created: int = 0
    tasks_completed: int = 0
    tasks_closed: int = 0  # left behind by the voyage's phase, or of a cancelled voyage
    referrals: int = 0
    help_reminders: int = 0
    due_reminders: int = 0
    overdue_reminders: int = 0
    seconds: float = 0.0
    sync_seconds: float = 0.0  # phases, tasks and facts (the batches)
    reminder_seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def __str__(self) -> str:
        return (
            f"{self.voyages} voyages, {self.phase_changes} phase changes, "
            f"{self.tasks_created} tasks created, {self.tasks_completed} completed, "
            f"{self.tasks_closed} closed, {self.referrals} green-channel referrals, "
            f"reminders: {self.help_reminders} help, {self.due_reminders} due, "
            f"{self.overdue_reminders} overdue; {self.seconds:.2f} s (sync "
            f"{self.sync_seconds:.1f} s, reminders {self.reminder_seconds:.1f} s)"
        )


@dataclass
class Plan:
    by_phase: dict[str, list[CarePlanStep]]
    by_id: dict[int, CarePlanStep]

    @classmethod
    def load(cls) -> Plan:
        steps = list(CarePlanStep.objects.all())
        by_phase: dict[str, list[CarePlanStep]] = defaultdict(list)
        for step in steps:
            if step.is_active:
                by_phase[step.phase].append(step)
        return cls(by_phase=dict(by_phase), by_id={step.pk: step for step in steps})


@dataclass
class VoyageDay:
    voyage: VoyageRow
    zone: ZoneInfo
    today: datetime.date
    phase: str


def sync_voyage(voyage: Voyage, today: datetime.date | None = None) -> RunReport:
    """Bring one voyage's phase and tasks up to date (after a write, or for its seafarer's
    page). ``today`` overrides the seafarer's today (tests, back-dated corrections)."""
    report = RunReport()
    rows = voyage_rows(Voyage.objects.filter(pk=voyage.pk))
    process_voyages(rows, timezone.now(), Plan.load(), report, today=today)
    return report


def run_care_pathway(
    now: datetime.datetime | None = None,
    batch_size: int = BATCH_SIZE,
    one_by_one: bool = False,
) -> RunReport:
    """The daily run: sync every active voyage in batches, then send the reminders in bulk.
    ``one_by_one`` is the reference run (one voyage per batch, one notification at a time)
    that the equivalence test compares the bulk run with."""
    if one_by_one:
        batch_size = 1

    started = time.perf_counter()
    now = now or timezone.now()
    report = RunReport()
    plan = Plan.load()
    report.tasks_closed += close_tasks_of_cancelled_voyages(now)
    active = Voyage.objects.filter(cancelled_at__isnull=True, phase__in=ACTIVE_PHASES)
    if not one_by_one:
        # Phases in SQL, one UPDATE per seafarers' "today" (phases_sql); the voyages it has
        # just moved ashore are synced once more, so the tasks of the phase they left close.
        report.phase_changes += update_phases(now)
        active = Voyage.objects.filter(cancelled_at__isnull=True).filter(
            Q(phase__in=ACTIVE_PHASES) | Q(phase=Phase.ASHORE, updated_at=now)
        )
    last_pk = 0
    while True:
        batch = voyage_rows(active.filter(pk__gt=last_pk).order_by("pk")[:batch_size])
        if not batch:
            break
        process_voyages(batch, now, plan, report, one_by_one=one_by_one)
        last_pk = batch[-1].pk
    report.sync_seconds = time.perf_counter() - started
    send_reminders(now, plan, report, one_by_one=one_by_one)
    report.reminder_seconds = time.perf_counter() - started - report.sync_seconds
    if report.tasks_created + report.due_reminders + report.overdue_reminders >= ANALYZE_AFTER:
        _analyze_filled_tables()
    # The programme dashboard's figures change with the day's phases: rebuild its snapshot
    # (the periodic job voyages.dashboard_snapshot also does it every REFRESH).
    refresh_dashboard_snapshot(now)
    report.seconds = time.perf_counter() - started
    return report


def _analyze_filled_tables() -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in (CareTask, Notification):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def close_tasks_of_cancelled_voyages(now: datetime.datetime) -> int:
    return CareTask.objects.filter(
        status=CareTask.Status.OPEN, voyage__cancelled_at__isnull=False
    ).update(status=CareTask.Status.CANCELLED, updated_at=now)


def process_voyages(
    voyages: list[VoyageRow],
    now: datetime.datetime,
    plan: Plan,
    report: RunReport,
    today: datetime.date | None = None,
    one_by_one: bool = False,
) -> None:
    """Phase, task creation, closing and completion for a batch of voyages (seafarer
    selected), in one transaction and a fixed number of queries (``one_by_one``: the
    reference path's referrals, one service call each)."""
    with transaction.atomic():
        days, cancelled = _phases(voyages, now, today, report)
        if cancelled:
            report.tasks_closed += CareTask.objects.filter(
                voyage_id__in=cancelled, status=CareTask.Status.OPEN
            ).update(status=CareTask.Status.CANCELLED, updated_at=now)
        if not days:
            return
        existing = list(
            map(
                ExistingTask._make,
                CareTask.objects.filter(voyage_id__in=[d.voyage.pk for d in days]).values_list(
                    "pk", "voyage_id", "seafarer_id", "step_id", "sequence", "phase", "status"
                ),
            )
        )
        needed = {
            d.voyage.pk: slots_for(
                d.voyage, d.phase, d.today, plan.by_phase.get(d.phase, []), d.zone
            )
            for d in days
        }
        created = _create_tasks(days, needed, existing, now)
        closed, closed_count = _close_left_behind(days, needed, existing, plan, now)
        report.tasks_created += created
        report.tasks_closed += closed_count
        # The open tasks are those just read, less those just closed — unless the batch
        # created some (their ids are the database's): then they are read again. A rerun on
        # the same day creates none, and so reads each batch's tasks once, not twice.
        open_tasks = (
            None
            if created
            else [
                OpenTask(task.pk, task.voyage_id, task.seafarer_id, task.step_id, task.sequence)
                for task in existing
                if task.status == CareTask.Status.OPEN and task.pk not in closed
            ]
        )
        complete_from_facts(days, plan, now, report, open_tasks, one_by_one=one_by_one)


class ExistingTask(NamedTuple):
    pk: int
    voyage_id: int
    seafarer_id: int
    step_id: int
    sequence: int
    phase: str
    status: str


def _phases(
    voyages: list[VoyageRow],
    now: datetime.datetime,
    today: datetime.date | None,
    report: RunReport,
) -> tuple[list[VoyageDay], list[int]]:
    days: list[VoyageDay] = []
    cancelled: list[int] = []
    changes: dict[str, list[int]] = defaultdict(list)
    for voyage in voyages:
        report.voyages += 1
        where = zone(voyage.time_zone)  # the seafarer's, as lib.zones.user_zone reads it
        day = today or timezone.localtime(now, where).date()
        phase = phase_on(voyage, day)
        if phase != voyage.phase:
            changes[phase].append(voyage.pk)
        if voyage.cancelled_at is not None:
            cancelled.append(voyage.pk)
        else:
            days.append(VoyageDay(voyage=voyage, zone=where, today=day, phase=phase))
    for phase, pks in changes.items():
        report.phase_changes += Voyage.objects.filter(pk__in=pks).update(
            phase=phase, updated_at=now
        )
    return days, cancelled


def _create_tasks(
    days: list[VoyageDay],
    needed: dict[int, list[Slot]],
    existing: list[ExistingTask],
    now: datetime.datetime,
) -> int:
    have = {(task.voyage_id, task.step_id, task.sequence) for task in existing}
    new: list[CareTask] = []
    for day in days:
        for slot in needed[day.voyage.pk]:
            if (day.voyage.pk, slot.step.pk, slot.sequence) in have:
                continue
            new.append(
                CareTask(
                    seafarer_id=day.voyage.seafarer_id,
                    voyage_id=day.voyage.pk,
                    step=slot.step,
                    sequence=slot.sequence,
                    phase=day.phase,
                    due_at=slot.due_at,
                    created_at=now,
                    updated_at=now,
                )
            )
    follow_ups = [task for task in new if task.step.kind == Kind.FOLLOW_UP_CONTACT]
    if follow_ups:
        _assign_counsellors(follow_ups)
    # COPY on PostgreSQL (core.bulk_insert): bulk_create's per-value preparation was a third
    # of a city's first run.
    bulk_insert(CareTask, new, ignore_conflicts=True)
    return len(new)


def _assign_counsellors(tasks: list[CareTask]) -> None:
    """Each task to the counsellor with the fewest open follow-ups at that moment (ties: by
    id), counting those assigned earlier in this batch — so a batch of 1,000 voyages assigns
    exactly as 1,000 runs of one voyage would (the equivalence test checks it)."""
    counsellors = list(
        User.objects.filter(is_active=True, role_grants__role=Role.COUNSELLOR)
        .distinct()
        .annotate(
            load=Count(
                "assigned_care_tasks",
                filter=Q(
                    assigned_care_tasks__status=CareTask.Status.OPEN,
                    assigned_care_tasks__step__kind=Kind.FOLLOW_UP_CONTACT,
                ),
            )
        )
        .order_by("load", "pk")
        .values_list("load", "pk")
    )
    if not counsellors:
        return
    heapq.heapify(counsellors)
    for task in tasks:
        load, pk = heapq.heappop(counsellors)
        task.assigned_to_id = pk
        heapq.heappush(counsellors, (load + 1, pk))


def _close_left_behind(
    days: list[VoyageDay],
    needed: dict[int, list[Slot]],
    existing: list[ExistingTask],
    plan: Plan,
    now: datetime.datetime,
) -> tuple[set[int], int]:
    """Close the open tasks the voyages have left behind: (their ids, how many the update
    closed — fewer if another run closed some in between)."""
    phase_of = {day.voyage.pk: day.phase for day in days}
    current = {
        (voyage_id, slot.step.pk): slot.sequence
        for voyage_id, slots in needed.items()
        for slot in slots
    }
    close: set[int] = set()
    for task in existing:
        if task.status != CareTask.Status.OPEN:
            continue
        step = plan.by_id.get(task.step_id)
        if step is None or step.kind == Kind.FOLLOW_UP_CONTACT:
            continue
        left_phase = task.phase != phase_of[task.voyage_id]
        key = (task.voyage_id, task.step_id)
        superseded = bool(step.repeat_days) and task.sequence < current.get(key, 0)
        if left_phase or superseded:
            close.add(task.pk)
    if not close:
        return close, 0
    closed = CareTask.objects.filter(pk__in=close, status=CareTask.Status.OPEN).update(
        status=CareTask.Status.CANCELLED, updated_at=now
    )
    return close, closed
