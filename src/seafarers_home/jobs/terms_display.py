"""The advertised terms as (label, text) rows: one reading for the live posting, the union's
review and the version a seafarer applied to (their evidence after the posting closes)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from seafarers_home.certificates.kinds import kind_name
from seafarers_home.jobs.models import Posting, Rank, VesselType
from seafarers_home.organisations.models import Vessel

LABELS = {
    "rank": lambda: _("职务"),
    "vessel_id": lambda: _("船舶"),
    "vessel_type": lambda: _("船舶类型"),
    "vessel_size": lambda: _("船舶规模"),
    "area": lambda: _("航区或渔场"),
    "wage_min": lambda: _("月工资"),
    "contract_months": lambda: _("合同期(月)"),
    "joining_on": lambda: _("上船日期"),
    "joining_port": lambda: _("上船港口"),
    "required_kinds": lambda: _("须持有的证书"),
    "min_valid_months": lambda: _("证书最少剩余有效期(月)"),
    "places": lambda: _("招聘人数"),
    "closes_on": lambda: _("截止日期"),
    "contact": lambda: _("联系方式"),
}


def label_of(field: str) -> str:
    if field in ("wage_max", "currency"):
        field = "wage_min"
    return LABELS[field]() if field in LABELS else field


def terms_rows(terms: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for field in LABELS:
        value = terms.get(field)
        if field == "rank":
            text = str(Rank(value).label) if value in Rank.values else str(value)
        elif field == "vessel_type":
            text = str(VesselType(value).label) if value in VesselType.values else str(value)
        elif field == "vessel_id":
            vessel = Vessel.objects.filter(pk=value).first() if value else None
            if vessel is None:
                continue
            text = vessel.name
        elif field == "wage_min":
            currency = terms.get("currency", "")
            name = Posting.Currency(currency).label if currency in Posting.Currency.values else ""
            text = f"{terms.get('wage_min')} – {terms.get('wage_max')} {name}"
        elif field == "required_kinds":
            text = "、".join(kind_name(code) for code in value or []) or _("无")
        elif value in (None, ""):
            continue
        else:
            text = str(value)
        rows.append((label_of(field), text))
    return rows
