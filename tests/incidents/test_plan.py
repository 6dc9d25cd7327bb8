"""The response plan is data an administrator edits in the admin; a plan that would make
tasks nobody can do is refused with a translated reason, and a saved plan is the one used."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.incidents.actions.opening import IncidentInput, do_open_incident
from seafarers_home.incidents.models import ResponsePlan
from seafarers_home.incidents.plan_schema import default_plan_data, parse_plan
from seafarers_home.screening.instruments import get_instrument
from tests.personas import World, login

ADD = "/admin/incidents/responseplan/add/"


def _plan(**step_changes: object) -> dict[str, object]:
    plan = default_plan_data()
    plan["steps"][2] = plan["steps"][2] | step_changes
    return plan


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        (_plan(opens_hours=-24), "任务不能早于事件开始"),
        # a missing instrument: checked against the real instrument files
        (_plan(instruments=["pcptsd5", "ies_r"]), "没有名为“ies_r”的量表"),
        (_plan(instruments=["pcl5", "pcl5"]), "同一个量表不能指定两次"),
        (_plan(kind="clinician_score", instruments=["pcl5", "phq4"]), "只能指定一个量表"),
        (_plan(kind="clinician_score", instruments=["caps5"]), "没有名为“caps5”的量表"),
        (_plan(due_hours=100), "任务的截止时间须晚于开始时间"),
        (_plan(kind="contact"), "联系任务不使用量表"),
    ],
)
def test_a_broken_plan_is_refused_with_its_reason(
    world: World, plan: dict[str, object], message: str
) -> None:
    admin = login(Client(), world.admin)
    form = {"name": "坏计划", "definition": json.dumps(plan), "is_active": "on"}
    response = admin.post(ADD, form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ResponsePlan.objects.exists()


def test_the_saved_plan_makes_the_tasks_of_the_next_incident(world: World) -> None:
    plan = default_plan_data() | {"pcl5_cutoff": 38}
    plan["steps"] = plan["steps"][:2]
    form = {"name": "只联系", "definition": json.dumps(plan), "is_active": "on"}
    assert login(Client(), world.admin).post(ADD, form).status_code == 302
    incident, _created = do_open_incident(
        IncidentInput(
            kind="piracy",
            occurred_at=timezone.now() - timedelta(hours=1),
            vessel=world.vessel_a,
            seafarers=[world.seafarer],
        ),
        world.union_staff,
    )
    assert incident.pcl5_cutoff == 38
    assert sorted(incident.people.get().tasks.values_list("code", flat=True)) == ["family", "pfa"]


def test_the_shipped_plan_names_the_real_instruments() -> None:
    plan = parse_plan(default_plan_data())
    screens = {step.code: step.instruments for step in plan.steps if step.kind == "screening"}
    assert screens == {
        "screen-2w": ["pcptsd5", "phq4"],
        "pcl5-1m": ["pcl5"],
        "pcl5-3m": ["pcl5"],
    }
    for codes in screens.values():
        assert all(get_instrument(code).code == code for code in codes)
    # the referral cut-off is data: the plan's, the same as the PCL-5 file's band edge
    band = next(b for b in get_instrument("pcl5").bands if b.code == "probable_ptsd")
    assert plan.pcl5_cutoff == band.min == 33
