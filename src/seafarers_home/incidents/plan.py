"""Making each affected person's tasks from the response plan.

A person's tasks are anchored at the time they were added to the incident (a person found a
week later still gets a first-aid contact within 24 hours of being found). The unique
constraint on (person, step code) makes this idempotent: saving the incident twice, or adding
a person again, creates no second task.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from seafarers_home.incidents.models import AffectedPerson, ResponsePlan, ResponseTask
from seafarers_home.incidents.plan_schema import PlanSpec, default_plan_data, parse_plan


def current_plan() -> PlanSpec:
    """The newest active plan an administrator saved, else the shipped default."""
    row = ResponsePlan.objects.filter(is_active=True).order_by("-pk").first()
    return parse_plan(row.definition if row is not None else default_plan_data())


def ensure_tasks(people: Iterable[AffectedPerson], plan: PlanSpec) -> int:
    """Create the plan's missing tasks for ``people``; returns how many rows were asked for."""
    hour = datetime.timedelta(hours=1)
    rows = [
        ResponseTask(
            person=person,
            code=step.code,
            kind=step.kind,
            title_zh=step.title_zh,
            title_en=step.title_en,
            instruments=list(step.instruments),
            position=position,
            opens_at=person.created_at + step.opens_hours * hour,
            due_at=person.created_at + step.due_hours * hour,
        )
        for person in people
        for position, step in enumerate(plan.steps)
    ]
    ResponseTask.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)
