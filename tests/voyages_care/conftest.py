"""Fixtures of the care-pathway tests: the default plan (re-created after a transactional
test's flush), voyages with fixed dates, and runs at chosen times."""

from __future__ import annotations

import datetime
import importlib
import uuid
from typing import Any

import pytest
from django.apps import apps

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import SeafarerProfile, Vessel
from seafarers_home.voyages.care import RunReport, run_care_pathway
from seafarers_home.voyages.models import CarePlanStep, CareTask, Voyage

# 12:00 in Shanghai on 1 March 2027: the "recorded" time of the voyages below.
NOW = datetime.datetime(2027, 3, 1, 4, 0, tzinfo=datetime.UTC)
DAY0 = datetime.date(2027, 3, 1)


def day(n: int) -> datetime.date:
    return DAY0 + datetime.timedelta(days=n)


def ensure_default_plan() -> dict[str, CarePlanStep]:
    """The data migrations' batteries and plan (a transactional test's flush removes them)."""
    importlib.import_module(
        "seafarers_home.screening.migrations.0002_default_batteries"
    ).create_batteries(apps, None)
    importlib.import_module("seafarers_home.voyages.migrations.0002_default_care_plan").create_plan(
        apps, None
    )
    return {step.code: step for step in CarePlanStep.objects.all()}


@pytest.fixture
def care_plan(db: None) -> dict[str, CarePlanStep]:
    return ensure_default_plan()


def make_voyage(
    seafarer: User,
    vessel: Vessel,
    *,
    departs: datetime.date,
    returns: datetime.date,
    recorded: datetime.datetime = NOW,
    **fields: Any,
) -> Voyage:
    voyage = Voyage.objects.create(
        seafarer=seafarer,
        vessel=vessel,
        company_id=vessel.company_id,
        planned_departure=departs,
        expected_return=returns,
        source=Voyage.Source.COMPANY,
        recorded_by=seafarer,
        crew_batch=uuid.uuid4().hex,
        **fields,
    )
    Voyage.objects.filter(pk=voyage.pk).update(created_at=recorded)
    voyage.refresh_from_db()
    return voyage


def add_seafarer(phone: str, name: str, vessel: Vessel, time_zone: str) -> User:
    user = User.objects.create_user(phone, "x-Password-1", display_name=name, time_zone=time_zone)
    RoleGrant.objects.create(user=user, role=Role.SEAFARER, organisation=vessel.company)
    SeafarerProfile.objects.create(
        user=user, real_name=name, company=vessel.company, current_vessel=vessel
    )
    return user


def run_at(offset_days: float) -> RunReport:
    return run_care_pathway(now=NOW + datetime.timedelta(days=offset_days))


def tasks_of(voyage: Voyage) -> dict[tuple[str, int], str]:
    """{(step code, sequence): status} of the voyage's tasks."""
    return {
        (code, sequence): status
        for code, sequence, status in CareTask.objects.filter(voyage=voyage).values_list(
            "step__code", "sequence", "status"
        )
    }


def task(voyage: Voyage, code: str, sequence: int = 1) -> CareTask:
    return CareTask.objects.get(voyage=voyage, step__code=code, sequence=sequence)
