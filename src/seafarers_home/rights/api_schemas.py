"""What the rights API's operations share: the seafarer-only authentication, the case as a
seafarer sees it (``case_payload``) and the answer to a refused write (409 with the field
errors: a schema-valid request the case's own rules refuse — a category's fields, an IMO check
digit, an invite code, a case that is closed — is not malformed, so it is not a 422)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _
from ninja import Field, Router, Schema, Status

from seafarers_home.accounts.models import User
from seafarers_home.api import auth
from seafarers_home.core.crisis_help import MARITIME_RESCUE_NUMBER
from seafarers_home.permissions.roles import is_seafarer
from seafarers_home.rights.categories import get_category
from seafarers_home.rights.deadlines import deadlines_for
from seafarers_home.rights.models import CaseEntry, RightsCase
from seafarers_home.rights.transitions import SEAFARER_MEANING

# One router for the reads (api.py) and the writes (api_writes.py): GET and POST of
# /rights/cases must be one path of one router, or Django would route only the first.
router = Router(tags=["rights"])
MAX_ID = 2**63 - 1
LIST_LIMIT = 100
NOT_SEAFARER = _("只有海员本人可以使用维权保障。")


SEAFARER_AUTH = auth.role_auth(is_seafarer, NOT_SEAFARER)


class RightsOptionOut(Schema):
    value: str
    label_zh: str
    label_en: str
    urgent: bool


class RightsFieldOut(Schema):
    id: str = Field(..., description="The key to send in `fields`.", examples=["amount_owed"])
    kind: str = Field(
        ...,
        description="text, date (YYYY-MM-DD, not in the future), integer, money (send the "
        "amount as `<id>` and the currency as `<id>_currency`), imo (7 digits with a valid "
        "check digit), choice (one of `options`)",
    )
    label_zh: str
    label_en: str
    required: bool
    max_length: int
    min: int
    max: int
    options: list[RightsOptionOut]


class RightsCategoryOut(Schema):
    code: str = Field(..., examples=["wage_arrears"])
    label_zh: str
    label_en: str
    crew: bool = Field(..., description="Crewmates may join the case with its invite code.")
    fields: list[RightsFieldOut]


class RightsEntryOut(Schema):
    id: int
    kind: str = Field(..., description=", ".join(CaseEntry.Kind.values))
    from_me: bool
    body: str
    status: str = Field("", description="The new status of a status change.")
    created_at: datetime


class RightsDeadlineOut(Schema):
    label: str
    ends_on: date
    days_left: int
    source: str


class RightsCaseOut(Schema):
    id: int
    category: str
    category_label: str
    summary: str
    role: str = Field(..., description="opener, or claimant (a crewmate who joined)")
    status: str
    status_label: str
    status_meaning: str
    urgent: bool
    urgent_notice: str | None
    invite_code: str | None = Field(None, description="For the opener of a crew case.")
    submitted_at: datetime | None
    deadlines: list[RightsDeadlineOut]
    timeline: list[RightsEntryOut]


def urgent_notice(case: RightsCase) -> str | None:
    if not case.urgent or not case.is_open:
        return None
    return str(
        _(
            "现在就要做的事:有生命危险时马上报告船长;缺少食物、淡水、燃油或有人身危险时"
            "拨打中国海上搜救中心 %(number)s;在外国港口时联系船旗国海事主管机关或ITF检查员。"
        )
        % {"number": MARITIME_RESCUE_NUMBER}
    )


def case_payload(case: RightsCase, user: User) -> dict[str, Any]:
    category = get_category(case.category)
    opener = case.seafarer_id == user.pk
    entries = [
        e
        for e in case.entries.all()
        if e.visible_to_seafarer
        and (e.kind != CaseEntry.Kind.SEAFARER_MESSAGE or e.author_id == user.pk)
    ]
    return {
        "id": case.pk,
        "category": case.category,
        "category_label": category.label if category else case.category,
        "summary": case.summary,
        "role": "opener" if opener else "claimant",
        "status": case.status,
        "status_label": case.get_status_display(),
        "status_meaning": str(SEAFARER_MEANING.get(case.status, "")),
        "urgent": case.urgent,
        "urgent_notice": urgent_notice(case),
        "invite_code": case.invite_code or None if opener and case.is_open else None,
        "submitted_at": case.submitted_at,
        "deadlines": [
            {"label": d.label, "ends_on": d.ends_on, "days_left": d.days_left, "source": d.source}
            for d in deadlines_for(category, case.details)
        ],
        "timeline": [entry_payload(e, user) for e in entries],
    }


def entry_payload(entry: CaseEntry, user: User) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "kind": entry.kind,
        "from_me": entry.author_id == user.pk,
        "body": entry.body,
        "status": entry.to_status,
        "created_at": entry.created_at,
    }


class RightsRefusedOut(Schema):
    detail: str
    code: str = Field(
        ...,
        description="invalid (see `errors`) or refused",
    )
    errors: dict[str, str] = Field(
        default_factory=dict,
        description="A translated message per field (`summary`, `fields.<id>`, `files`, …).",
    )


def refused(errors: dict[str, str], code: str = "invalid") -> Status:
    """409: the case's own rules refused a schema-valid request; nothing was stored."""
    messages = {name: str(message) for name, message in errors.items()}
    return Status(409, {"detail": " ".join(messages.values()), "code": code, "errors": messages})
