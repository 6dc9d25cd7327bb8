"""The rules of one care-plan step as a pydantic model, beyond what the model's fields say.

The plan is data: the default steps come from migration ``0002_default_care_plan`` and
administrators edit them in the admin (``CarePlanStepForm`` checks every save, the change list's
inline edits too). A step that breaks these rules would create tasks nobody can complete:

- a screening or pulse step names the 心理CT battery whose completed screening completes it
  (``care_facts``), and the battery exists;
- no other kind has a battery (it would be ignored, and misread on the dashboard);
- a repeat interval, when set, is at least one day (``care_plan.slots_for`` divides by it).
"""

from __future__ import annotations

from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from seafarers_home.lib.validation import FieldError
from seafarers_home.voyages.models import CarePlanStep, Phase

Kind = CarePlanStep.Kind
BATTERY_KINDS = frozenset({Kind.SCREENING, Kind.PULSE})


class CarePlanStepSpec(BaseModel):
    """One step. Validate with ``context={"batteries": {...}}`` to check the battery exists."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    code: Annotated[str, Field(pattern=r"^[-a-zA-Z0-9_]+$", max_length=40)]
    phase: Phase
    kind: Kind
    title: Annotated[str, Field(min_length=1, max_length=80)]
    battery_code: str = ""
    due_days: Annotated[int, Field(ge=0)] = 7
    repeat_days: int | None = None
    position: Annotated[int, Field(ge=0)] = 0
    is_active: bool = True

    @model_validator(mode="after")
    def _battery(self, info: ValidationInfo) -> CarePlanStepSpec:
        if self.kind in BATTERY_KINDS and not self.battery_code:
            raise FieldError(("battery_code",), _("心理CT和海上打卡步骤须指定心理CT组合。"))
        if self.kind not in BATTERY_KINDS and self.battery_code:
            raise FieldError(("battery_code",), _("只有心理CT和海上打卡步骤使用心理CT组合。"))
        if self.repeat_days is not None and self.repeat_days < 1:
            raise FieldError(("repeat_days",), _("重复间隔至少为 1 天;不重复请留空。"))
        known = (info.context or {}).get("batteries")
        if self.battery_code and known is not None and self.battery_code not in known:
            raise FieldError(
                ("battery_code",),
                _("没有代码为“%(code)s”的心理CT组合。") % {"code": self.battery_code},
            )
        return self


def step_values(step: CarePlanStep) -> dict[str, Any]:
    return {name: getattr(step, name) for name in CarePlanStepSpec.model_fields}
