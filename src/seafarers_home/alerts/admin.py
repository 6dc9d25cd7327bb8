"""Admin: the duty roster of the crisis alerts (DutyShift: who is paged at which tier and when;
README "Crisis alerts"). Changes land in the audit trail."""

from __future__ import annotations

from django.contrib import admin

from seafarers_home.alerts.models import DutyShift
from seafarers_home.audit.admin import AuditedAdmin


@admin.register(DutyShift)
class DutyShiftAdmin(AuditedAdmin):
    list_display = ("user", "tier", "starts_at", "ends_at")
    list_filter = ("tier",)
    date_hierarchy = "starts_at"
    search_fields = ("user__display_name", "user__phone")
    autocomplete_fields = ("user",)
    ordering = ("-starts_at",)
