from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.admin import AuditedAdmin
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel


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
        return f"{obj.parent.name} › {obj.name}" if obj.parent is not None else obj.name


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
