"""Admin: the configurable care plan (CarePlanStep). Changing a step affects tasks created
from then on; existing tasks keep their due times. A step that breaks the plan's rules
(``care_plan_schema.py``) is refused on the field. Changes land in the audit trail."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from seafarers_home.audit.admin import AuditedAdmin
from seafarers_home.core.admin import ReadOnlyModelAdmin
from seafarers_home.voyages.forms_care_plan import CarePlanStepForm
from seafarers_home.voyages.models import CarePlanStep, Voyage


@admin.register(CarePlanStep)
class CarePlanStepAdmin(AuditedAdmin):
    form = CarePlanStepForm  # the plan's rules (care_plan_schema.py), on every save
    list_display = (
        "title",
        "code",
        "phase",
        "kind",
        "battery_code",
        "due_days",
        "repeat_days",
        "position",
        "is_active",
    )
    list_filter = ("phase", "kind", "is_active")
    list_editable = ("due_days", "repeat_days", "position", "is_active")
    ordering = ("phase", "position", "pk")
    search_fields = ("title", "code")

    def get_changelist_form(self, request: HttpRequest, **kwargs: Any) -> type[forms.ModelForm]:
        # The change list's inline edits (repeat_days among them) are checked the same way.
        kwargs.setdefault("form", CarePlanStepForm)
        return super().get_changelist_form(request, **kwargs)


# Voyages (7A): read-only here. Recording, departure, return and cancellation go through
# services_voyages (checks, audit row, care pathway), from the voyage pages.
@admin.register(Voyage)
class VoyageAdmin(ReadOnlyModelAdmin):
    list_display = (
        "pk",
        "seafarer",
        "vessel",
        "company",
        "planned_departure",
        "expected_return",
        "actual_departure",
        "actual_return",
        "phase",
        "cancelled_at",
    )
    list_filter = ("phase", "source")
    list_select_related = ("seafarer", "vessel", "company")
    search_fields = ("vessel__registration_number", "crew_batch", "seafarer__phone")
    date_hierarchy = "planned_departure"
