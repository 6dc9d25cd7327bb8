"""The response plan in the admin: administrators edit it as JSON, checked like the shipped
default (``plan_schema``) before it is saved; a broken plan is refused with the reason."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from seafarers_home.incidents.models import ResponsePlan
from seafarers_home.incidents.plan_schema import PlanInvalid, parse_plan


class ResponsePlanForm(forms.ModelForm):
    class Meta:
        model = ResponsePlan
        fields = ["name", "definition", "is_active"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if "definition" in cleaned:
            try:
                parse_plan(cleaned["definition"])
            except PlanInvalid as error:
                self.add_error("definition", str(error))
        return cleaned


@admin.register(ResponsePlan)
class ResponsePlanAdmin(admin.ModelAdmin):
    form = ResponsePlanForm
    list_display = ["name", "is_active", "updated_at"]
