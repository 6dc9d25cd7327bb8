"""Back-office views of people and their roles. Password hashes, TOTP secrets and token hashes
are never shown; devices and tokens are read-only here (people manage them themselves)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.forms import PhoneField
from seafarers_home.accounts.models import ApiToken, RoleGrant, TotpDevice, User
from seafarers_home.audit.services import record_audit


class UserAdminForm(forms.ModelForm):
    phone = PhoneField()

    class Meta:
        model = User
        fields = [
            "phone",
            "display_name",
            "preferred_language",
            "time_zone",
            "is_active",
            "is_staff",
            "is_superuser",
        ]


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    verbose_name = _("角色")
    verbose_name_plural = _("角色")


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class TotpDeviceInline(ReadOnlyInline):
    model = TotpDevice
    # One tuple for both: the checker takes a tuple for either attribute, not one shared list.
    fields = readonly_fields = ("confirmed_at", "last_used_step", "created_at")
    # Deleting a device lets a staff member who lost their phone enrol again.
    can_delete = True


class ApiTokenInline(ReadOnlyInline):
    model = ApiToken
    fields = readonly_fields = (
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["phone", "display_name", "roles", "is_active", "created_at"]
    list_filter = ["is_active", "role_grants__role", "is_staff"]
    search_fields = ["phone", "display_name"]
    ordering = ["-created_at"]
    readonly_fields = ["last_login", "created_at"]
    fieldsets = [
        (None, {"fields": ["phone", "display_name"]}),
        (_("偏好"), {"fields": ["preferred_language", "time_zone"]}),
        (
            _("状态"),
            {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "created_at"]},
        ),
    ]
    inlines = [RoleGrantInline, TotpDeviceInline, ApiTokenInline]

    @admin.display(description=_("角色"))
    def roles(self, obj: User) -> str:
        return "、".join(str(g.get_role_display()) for g in obj.role_grants.all())

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).prefetch_related("role_grants")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # erasure goes through do_erase_personal_data

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if not change:
            # People set their own password (or sign in by SMS code); the admin never does.
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)
        action = "admin.user_changed" if change else "admin.user_created"
        detail = {"fields": sorted(form.changed_data)}
        record_audit(request.user, action, target=obj, request=request, detail=detail)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.model is RoleGrant and formset.has_changed():
            roles = sorted(form.instance.role_grants.values_list("role", flat=True))
            record_audit(
                request.user,
                "admin.roles_changed",
                target=form.instance,
                request=request,
                detail={"roles": roles},
            )
        elif formset.model is TotpDevice and formset.deleted_objects:
            record_audit(request.user, "admin.totp_reset", target=form.instance, request=request)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "organisation", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__phone", "user__display_name", "organisation__name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "organisation"]

    def save_model(self, request: HttpRequest, obj: RoleGrant, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        detail = {"role": obj.role, "organisation": obj.organisation_id}
        record_audit(request.user, "admin.role_granted", target=obj, request=request, detail=detail)

    def delete_model(self, request: HttpRequest, obj: RoleGrant) -> None:
        detail = {"role": obj.role, "user": obj.user_id}
        record_audit(request.user, "admin.role_revoked", target=obj, request=request, detail=detail)
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # The bulk "delete selected" action bypasses delete_model.
        for obj in queryset:
            detail = {"role": obj.role, "user": obj.user_id}
            record_audit(
                request.user, "admin.role_revoked", target=obj, request=request, detail=detail
            )
        super().delete_queryset(request, queryset)
