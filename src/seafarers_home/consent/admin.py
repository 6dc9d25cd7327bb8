from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.admin import AuditedAdmin
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.models import ConsentDocument, ConsentRecord
from seafarers_home.core.admin import ReadOnlyModelAdmin

# A copied draft is scheduled far ahead so that it is never current before an editor sets
# the real publication time.
DRAFT_OFFSET = dt.timedelta(days=3650)


def is_published(document: ConsentDocument | None) -> bool:
    return (
        document is not None and document.pk is not None and document.published_at <= timezone.now()
    )


@admin.register(ConsentDocument)
class ConsentDocumentAdmin(AuditedAdmin):
    """A published version is frozen (people accepted exactly that text): change it by
    creating a new version, which asks everyone again. Audited like every back-office write:
    what people are asked to accept is evidence."""

    list_display = ["title", "kind", "version", "is_optional", "published_at"]
    list_filter = ["kind", "is_optional"]
    ordering = ["kind", "-version"]
    actions = ["new_version"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if is_published(obj):
            return [field.name for field in self.model._meta.fields]
        return ["created_at", "updated_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not is_published(obj) and super().has_delete_permission(request, obj)

    @admin.action(description=_("以所选文件为底稿创建新版本(未发布)"))
    def new_version(self, request: HttpRequest, queryset: QuerySet[ConsentDocument]) -> None:
        for document in queryset:
            with transaction.atomic():
                latest = ConsentDocument.objects.filter(kind=document.kind).aggregate(
                    v=Max("version")
                )["v"]
                copied_from = document.pk
                document.pk = None
                document.version = (latest or 0) + 1
                document.published_at = timezone.now() + DRAFT_OFFSET
                document.save()
                record_audit(
                    request.user,
                    "admin.add",
                    target=document,
                    purpose="back office",
                    request=request,
                    detail={"copied_from": copied_from, "version": document.version},
                )
        messages.success(request, _("已创建新版本草稿。请编辑正文并设置发布时间。"))


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyModelAdmin):
    list_display = ["user", "document", "accepted_at", "withdrawn_at"]
    list_filter = ["document__kind", "document__version"]
    list_select_related = ["user", "document"]
    ordering = ["-accepted_at"]
