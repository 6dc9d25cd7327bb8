"""The Django admin's titles, and the base for records nobody may edit there. The titles live
in an app so that the core catalogue carries their English translation."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("海员之家 · 后台管理")
admin.site.site_title = _("海员之家")
admin.site.index_title = _("后台数据")


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """Evidence (audit events, consent records): shown in full, never added, changed or
    deleted through the admin."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
