"""The consent app's own type of personal data: the consent records. The account's and the
seafarer profile's are registered by their apps (accounts/personal_data.py,
organisations/personal_data.py), as every service's are (see ``personal_data``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from seafarers_home.consent.models import ConsentRecord
from seafarers_home.consent.personal_data import register_personal_data_type

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_consents(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": record.document.kind,
            "version": record.document.version,
            "title": record.document.title,
            "accepted_at": _iso(record.accepted_at),
            "withdrawn_at": _iso(record.withdrawn_at),
            "ip_address": record.ip_address,
        }
        for record in ConsentRecord.objects.filter(user=user)
        .select_related("document")
        .order_by("accepted_at", "id")
    ]


def consent_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in ConsentRecord.objects.filter(user=user).values_list("pk", flat=True):
        yield ("consent.consentrecord", str(pk))


def register() -> None:
    register_personal_data_type(
        "consents",
        _("同意记录"),
        export=export_consents,
        erase=None,
        audit_targets=consent_targets,
        help_text=_("您何时同意或撤回了哪一版文件。它证明处理有合法依据,只能撤回,不能删除。"),
        models=("consent.ConsentRecord",),
    )
