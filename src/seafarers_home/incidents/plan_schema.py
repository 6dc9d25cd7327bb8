"""The response plan as data, checked with pydantic before any task is made from it.

A plan is ``{"name", "pcl5_cutoff", "steps": [...]}``; each step gives every affected person
one task, opening ``opens_hours`` after the person was added and due ``due_hours`` after.
The shipped default is ``plans/default.json``; administrators edit plans in the admin
(``ResponsePlan``, checked by ``admin.ResponsePlanForm`` with the same rules):

- no task before the incident (``opens_hours`` ≥ 0) and every task due after it opens;
- a screening step names the 心理CT instruments the seafarer answers to complete it (the
  shipped plan: PC-PTSD-5 + PHQ-4 at 1–2 weeks, PCL-5 at 1 and 3 months), and each exists in
  ``screening/instruments/`` — a missing instrument is refused naming its code;
- a clinician-score step names one instrument the clinician gives and scores by hand (by
  phone, on paper); it must exist too (the shipped plan has none: the assigned clinician may
  still record a phone-administered total for a one-instrument screening task, the fallback
  when the seafarer cannot answer online);
- contact and family steps name no instrument; step codes are unique.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, model_validator

from seafarers_home.lib.validation import FieldError, first_problem
from seafarers_home.screening.instruments import UnknownInstrument, get_instrument

DEFAULT_PLAN_FILE = Path(__file__).resolve().parent / "plans" / "default.json"
# The referral cut-off when a plan names none (the issue's; the PCL-5 file's band edge too).
DEFAULT_PCL5_CUTOFF = 33


class PlanInvalid(ValueError):
    """``str(error)``: a translated sentence naming the field."""


class StepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: Annotated[str, Field(pattern=r"^[-a-z0-9_]+$", max_length=40)]
    kind: Literal["contact", "screening", "clinician_score", "family"]
    title_zh: Annotated[str, Field(min_length=1, max_length=80)]
    title_en: Annotated[str, Field(max_length=120)] = ""
    instruments: list[str] = []
    opens_hours: int
    due_hours: int

    @model_validator(mode="after")
    def _rules(self, info: ValidationInfo) -> StepSpec:
        if self.opens_hours < 0:
            raise FieldError(("opens_hours",), _("任务不能早于事件开始。"))
        if self.due_hours <= self.opens_hours:
            raise FieldError(("due_hours",), _("任务的截止时间须晚于开始时间。"))
        if self.kind in ("screening", "clinician_score") and not self.instruments:
            raise FieldError(("instruments",), _("筛查和医生评估任务须指定量表。"))
        if self.kind in ("contact", "family") and self.instruments:
            raise FieldError(("instruments",), _("联系任务不使用量表。"))
        if self.kind == "clinician_score" and len(self.instruments) != 1:
            raise FieldError(("instruments",), _("医生评估任务只能指定一个量表。"))
        if len(set(self.instruments)) != len(self.instruments):
            raise FieldError(("instruments",), _("同一个量表不能指定两次。"))
        for code in self.instruments:
            if not _instrument_exists(code):
                raise FieldError(("instruments",), _("没有名为“%(code)s”的量表。") % {"code": code})
        return self


def _instrument_exists(code: str) -> bool:
    try:
        get_instrument(code)
    except UnknownInstrument:
        return False
    return True


class PlanSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=80)]
    pcl5_cutoff: Annotated[int, Field(ge=0, le=80)] = DEFAULT_PCL5_CUTOFF
    steps: Annotated[list[StepSpec], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_codes(self) -> PlanSpec:
        codes = [step.code for step in self.steps]
        if len(set(codes)) != len(codes):
            raise FieldError(("steps",), _("步骤代码不能重复。"))
        return self


def parse_plan(data: Any) -> PlanSpec:
    """The plan in ``data``, or ``PlanInvalid`` naming the first problem."""
    try:
        return PlanSpec.model_validate(data)
    except ValidationError as exc:
        where, message = first_problem(exc)
        raise PlanInvalid(f"{where}: {message}" if where else message) from None


def default_plan_data() -> dict[str, Any]:
    return json.loads(DEFAULT_PLAN_FILE.read_text(encoding="utf-8"))
