from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.services import record_audit
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel


class AuditedAdmin(admin.ModelAdmin):
    """Back-office changes land in the audit trail like any other write (field names only)."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        record_audit(
            request.user,
            f"admin.{'change' if change else 'add'}",
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


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["tree_name", "kind", "company_kind", "code", "phone"]
    list_filter = ["kind", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "code"]
    list_select_related = ["parent"]
    ordering = ["parent__name", "name"]
    autocomplete_fields = ["parent"]

    @admin.display(description=_("机构"), ordering="name")
    def tree_name(self, obj: Organisation) -> str:
        return f"{obj.parent.name} › {obj.name}" if obj.parent_id else obj.name


@admin.register(Vessel)
class VesselAdmin(AuditedAdmin):
    list_display = ["name", "registration_number", "kind", "company", "link_at_sea"]
    list_filter = ["kind", "link_at_sea", ("company", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "registration_number"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]


@admin.register(SeafarerProfile)
class SeafarerProfileAdmin(AuditedAdmin):
    list_display = ["real_name", "seafarers_book_number", "rank", "company", "current_vessel"]
    list_filter = ["rank", ("company", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["real_name", "seafarers_book_number"]
    list_select_related = ["company", "current_vessel"]
    autocomplete_fields = ["company", "current_vessel"]
    raw_id_fields = ["user"]
