"""What incidents tell a crisis alert's page (alerts/sources.py): the incident that paged the
on-call psychiatrist, and words for its reason code."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.sources import register_cause, register_reason_label
from seafarers_home.incidents.actions.opening import ALERT_REASON, ALERT_SOURCE


def incident_cause(alert, label: str) -> Cause:
    pk = source_pk(alert.source_id)
    if pk is not None:
        return Cause(label, reverse("incidents:board", args=[pk]))
    return Cause(label)


def reason_label(code: str) -> str | None:
    return _("海上重大事件:船员受影响,请评估并安排心理急救") if code == ALERT_REASON else None


def register() -> None:
    register_cause(ALERT_SOURCE, incident_cause)
    register_reason_label(reason_label)
