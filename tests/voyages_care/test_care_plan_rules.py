"""The care plan's rules (voyages/care_plan_schema.py): the shipped plan keeps them, and the
admin refuses a step that would create tasks nobody can complete, naming the field."""

from __future__ import annotations

import pytest

from seafarers_home.screening.models import Battery
from seafarers_home.voyages.care_plan_schema import CarePlanStepSpec, step_values
from seafarers_home.voyages.models import CarePlanStep

pytestmark = pytest.mark.django_db

ADD = "/admin/voyages/careplanstep/add/"
STEP = {
    "code": "at-sea-extra",
    "phase": "at_sea",
    "kind": "screening",
    "title": "海上加测",
    "battery_code": "at-sea-pulse",
    "due_days": "7",
    "repeat_days": "",
    "position": "5",
    "is_active": "on",
}


def test_the_default_plan_keeps_the_rules(care_plan):
    batteries = set(Battery.objects.values_list("code", flat=True))
    assert len(care_plan) == 8
    for step in care_plan.values():
        CarePlanStepSpec.model_validate(step_values(step), context={"batteries": batteries})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"battery_code": ""}, "心理CT和海上打卡步骤须指定心理CT组合。"),
        ({"battery_code": "no-such-battery"}, "没有代码为“no-such-battery”的心理CT组合。"),
        ({"kind": "training"}, "只有心理CT和海上打卡步骤使用心理CT组合。"),
        ({"kind": "pulse", "repeat_days": "0"}, "重复间隔至少为 1 天;不重复请留空。"),
    ],
)
def test_the_admin_refuses_a_step_that_breaks_a_rule(care_plan, client_for, change, message):
    response = client_for("admin").post(ADD, {**STEP, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not CarePlanStep.objects.filter(code="at-sea-extra").exists()


def test_the_admin_saves_a_step_that_keeps_the_rules(care_plan, client_for):
    response = client_for("admin").post(ADD, STEP)
    assert response.status_code == 302
    assert CarePlanStep.objects.get(code="at-sea-extra").battery_code == "at-sea-pulse"


@pytest.mark.parametrize(("repeat_days", "saved"), [("0", 30), ("14", 14)])
def test_the_change_list_checks_its_inline_edits_too(care_plan, client_for, repeat_days, saved):
    pulse = care_plan["at-sea-pulse"]
    response = client_for("admin").post(
        "/admin/voyages/careplanstep/?kind__exact=pulse",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(pulse.pk),
            "form-0-due_days": "7",
            "form-0-repeat_days": repeat_days,
            "form-0-position": "1",
            "form-0-is_active": "on",
            "_save": "保存",
        },
    )
    pulse.refresh_from_db()
    assert pulse.repeat_days == saved
    if saved == 30:
        assert "重复间隔至少为 1 天;不重复请留空。" in response.content.decode()
