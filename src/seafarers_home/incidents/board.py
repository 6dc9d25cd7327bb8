"""The incident board's figures: every person with their tasks in one of four states, who is
reached, who is overdue. Reads only; a fixed number of queries for any number of people."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from seafarers_home.incidents.models import AffectedPerson, Incident, ResponseTask

DONE, OVERDUE, DUE, LATER = "done", "overdue", "due", "later"


def task_state(task: ResponseTask, now: datetime.datetime) -> str:
    if task.status == ResponseTask.Status.DONE:
        return DONE
    if task.due_at < now:
        return OVERDUE
    if task.opens_at <= now:
        return DUE
    return LATER


@dataclass
class Row:
    person: AffectedPerson
    cells: list[tuple[ResponseTask, str]] = field(default_factory=list)

    @property
    def overdue(self) -> bool:
        return any(state == OVERDUE for _task, state in self.cells)


@dataclass
class Board:
    steps: list[ResponseTask]
    rows: list[Row]
    reached: int
    overdue_people: int
    referred: int


def build_board(incident: Incident, now: datetime.datetime | None = None) -> Board:
    now = now or timezone.now()
    people = list(incident.people.select_related("responder", "seafarer").order_by("pk"))
    tasks: dict[int, list[ResponseTask]] = {person.pk: [] for person in people}
    for task in ResponseTask.objects.filter(person__incident=incident).order_by("position", "pk"):
        tasks[task.person_id].append(task)
    rows = [
        Row(person, [(task, task_state(task, now)) for task in tasks[person.pk]])
        for person in people
    ]
    steps = max(tasks.values(), key=len, default=[])
    return Board(
        steps=steps,
        rows=rows,
        reached=sum(1 for person in people if person.first_reached_at),
        overdue_people=sum(1 for row in rows if row.overdue),
        referred=sum(1 for person in people if person.referred_at),
    )
