from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.catalogue import label_for
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit
from seafarers_home.core.admin import ReadOnlyModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    """Read-only: the trail is append-only and written only through record_audit."""

    list_display = [
        "id",
        "at",
        "actor_label",
        "action",
        "action_words",
        "target_type",
        "target_id",
        "purpose",
    ]
    list_filter = ["action", "target_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["action", "target_type", "target_id", "actor_label"]
    date_hierarchy = "at"
    list_per_page = 50
    ordering = ["-id"]
    show_full_result_count = False

    @admin.display(description=_("操作说明"))
    def action_words(self, obj: AuditEvent) -> str:
        return label_for(obj.action)


class AuditedAdmin(admin.ModelAdmin):
    """Back-office changes land in the audit trail like any other write (field names only)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_audit(
            request.user,
            "admin.change" if change else "admin.add",
            target=obj,
            purpose="back office",
            request=request,
            detail={"fields": list(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record_audit(
            request.user, "admin.delete", target=obj, purpose="back office", request=request
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # The changelist's bulk "delete selected" action bypasses delete_model.
        for obj in queryset:
            record_audit(
                request.user, "admin.delete", target=obj, purpose="back office", request=request
            )
        super().delete_queryset(request, queryset)
