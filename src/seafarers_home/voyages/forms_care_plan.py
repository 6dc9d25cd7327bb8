"""The admin's form of a care-plan step: every save (the change list's inline edits too) is
checked against ``CarePlanStepSpec``, so no step is saved that creates tasks nobody can
complete. The error is shown on the field it concerns."""

from __future__ import annotations

from typing import Any

from django import forms
from pydantic import ValidationError

from seafarers_home.lib.validation import first_problem
from seafarers_home.screening.models import Battery
from seafarers_home.voyages.care_plan_schema import CarePlanStepSpec, step_values
from seafarers_home.voyages.models import CarePlanStep


class CarePlanStepForm(forms.ModelForm):
    class Meta:
        model = CarePlanStep
        fields = (
            "code",
            "phase",
            "kind",
            "title",
            "battery_code",
            "due_days",
            "repeat_days",
            "position",
            "is_active",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        # The change list edits a few fields: the rest come from the saved step.
        values = step_values(self.instance)
        values.update({k: v for k, v in cleaned.items() if k in CarePlanStepSpec.model_fields})
        batteries = set(Battery.objects.values_list("code", flat=True))
        try:
            CarePlanStepSpec.model_validate(values, context={"batteries": batteries})
        except ValidationError as exc:
            field, message = first_problem(exc)
            self.add_error(field if field in self.fields else None, message)
        return cleaned
