from __future__ import annotations

from django.contrib import admin

from seafarers_home.audit.models import AuditEvent
from seafarers_home.core.admin import ReadOnlyModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    """Read-only: the trail is append-only and written only through record_audit."""

    list_display = ["id", "at", "actor_label", "action", "target_type", "target_id", "purpose"]
    list_filter = ["action", "target_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["action", "target_type", "target_id", "actor_label"]
    date_hierarchy = "at"
    list_per_page = 50
    ordering = ["-id"]
    show_full_result_count = False
