"""The rules of reporting a case that the actions and the pages share: the limits, the check
of a whole report (``report_errors``), the errors and the notices sent about a case."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.rights.categories import Category, clean_details, get_category

if TYPE_CHECKING:
    from seafarers_home.rights.models import RightsCase

PURPOSE = "rights protection case"
SUMMARY_MAX_LENGTH = 80
DESCRIPTION_MIN_LENGTH = 10
DESCRIPTION_MAX_LENGTH = 4000
MESSAGE_MAX_LENGTH = 4000
KEY_MAX_LENGTH = 80

# Notifications carry no case details (DOMAIN rule 7): the link leads to the case.
UPDATE_MESSAGE = gettext_lazy("您的维权案件有新进展,请查看。")
NEW_CASE_MESSAGE = gettext_lazy("有新的维权案件等待受理。")
URGENT_CASE_MESSAGE = gettext_lazy("有紧急维权案件(弃船或船上暴力),请立即处理。")
SEAFARER_MESSAGE = gettext_lazy("您办理的维权案件有海员的新留言。")


class CaseInvalid(ValueError):
    """Bad input; ``errors`` maps a field name to a translated message. Nothing was stored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _text_error(value: str, *, minimum: int, maximum: int) -> str:
    if not value:
        return _("这一项必须填写。")
    if len(value) < minimum:
        return _("请至少写 %(n)d 个字,让法律工作者了解情况。") % {"n": minimum}
    if len(value) > maximum:
        return _("太长了:最多 %(n)d 个字(现在 %(count)d 个)。") % {
            "n": maximum,
            "count": len(value),
        }
    return ""


def report_errors(
    category_code: str,
    summary: str,
    description: str,
    values: Mapping[str, str],
    *,
    complete: bool,
) -> tuple[Category | None, dict[str, str], dict[str, str]]:
    """``(category, details, errors)`` of a report; a draft may leave things out."""
    category = get_category(category_code)
    if category is None:
        return None, {}, {"category": _("请选择问题类别。")}
    details, errors = clean_details(category, values, complete=complete)
    error = _text_error(summary, minimum=1, maximum=SUMMARY_MAX_LENGTH)
    if error and (summary or complete):
        errors["summary"] = error
    if description or complete:
        error = _text_error(
            description, minimum=DESCRIPTION_MIN_LENGTH, maximum=DESCRIPTION_MAX_LENGTH
        )
        if error:
            errors["description"] = error
    return category, details, errors


def message_error(body: str) -> str:
    return _text_error(body, minimum=1, maximum=MESSAGE_MAX_LENGTH)


def union_rights_officers() -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.LEGAL_WORKER,
            role_grants__organisation__kind__in=("city_federation", "industrial_union"),
        ).distinct()
    )


def notify_new_case(case: RightsCase) -> None:
    """The union's rights officers hear of every new case in their inbox (an urgent one goes
    by the duty roster: ``urgent.alert_new_case``)."""
    url = reverse("rights:work_case", kwargs={"pk": case.pk})
    for officer in union_rights_officers():
        do_send_notification(
            officer,
            kind="rights.new_case",
            message=NEW_CASE_MESSAGE,
            url=url,
            dedupe_key=f"rights.new_case.{case.pk}",
            sms=False,
        )


def notify_seafarer(case: RightsCase, entry_pk: int) -> None:
    """The seafarer who opened the case and every crewmate who joined it (and confirmed)."""
    joined = User.objects.filter(
        rights_claims__case=case, rights_claims__consented_at__isnull=False
    )
    people = [case.seafarer, *joined]
    for person in people:
        do_send_notification(
            person,
            kind="rights.update",
            message=UPDATE_MESSAGE,
            url=reverse("rights:case", kwargs={"pk": case.pk}),
            dedupe_key=f"rights.update.{entry_pk}",
            sms=True,
        )


def notify_owner(case: RightsCase, entry_pk: int) -> None:
    if case.owner is None:
        return
    do_send_notification(
        case.owner,
        kind="rights.seafarer_message",
        message=SEAFARER_MESSAGE,
        url=reverse("rights:work_case", kwargs={"pk": case.pk}),
        dedupe_key=f"rights.seafarer_message.{entry_pk}",
        sms=False,
    )


def payload(category: str, summary: str, description: str, details: dict[str, Any]) -> dict:
    return {"category": category, "summary": summary, "description": description, **details}
