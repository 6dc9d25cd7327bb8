from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from seafarers_home.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only and written only through record_audit."""

    list_display = ["id", "at", "actor_label", "action", "target_type", "target_id", "purpose"]
    list_filter = ["action", "target_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["action", "target_type", "target_id", "actor_label"]
    date_hierarchy = "at"
    list_per_page = 50
    ordering = ["-id"]
    show_full_result_count = False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
