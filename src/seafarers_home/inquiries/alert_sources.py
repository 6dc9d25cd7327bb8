"""What the message board tells a crisis alert's page and boards (alerts/sources.py): the
question that raised it, and what the seafarer's words said (its red-flag signals)."""

from __future__ import annotations

from django.urls import reverse

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.reasons import reason_label
from seafarers_home.alerts.sources import register_cause, register_reason_signals
from seafarers_home.inquiries.models import Question
from seafarers_home.triage.context import CONTEXT_LABELS
from seafarers_home.triage.service import reason_label as signal_label


def question_cause(alert: CrisisAlert, label: str) -> Cause:
    if source_pk(alert.source_id) is None:
        return Cause(label)
    return Cause(label, reverse("inquiries:staff_thread", args=[int(alert.source_id)]))


def question_signals(alerts: list[CrisisAlert]) -> dict[int, list[str]]:
    """alert pk → the labels of the question's red flags, for a whole board in one query."""
    ids = {a.source_id for a in alerts if a.source == CrisisAlert.Source.INQUIRY}
    ids = {int(i) for i in ids if str(i).isdigit()}
    flags = dict(Question.objects.filter(pk__in=ids).values_list("pk", "red_flags"))
    signals: dict[int, list[str]] = {}
    for alert in alerts:
        if alert.source != CrisisAlert.Source.INQUIRY or not str(alert.source_id).isdigit():
            continue
        reason = reason_label(alert.reason)
        # What the words said; context from the record is listed on the question's page.
        codes = [c for c in flags.get(int(alert.source_id)) or [] if c not in CONTEXT_LABELS]
        labels = [signal_label(code) for code in codes]
        # The reason itself (e.g. the safety answer) is not repeated as a signal.
        signals[alert.pk] = [label for label in dict.fromkeys(labels) if label != reason]
    return signals


def register() -> None:
    register_cause(CrisisAlert.Source.INQUIRY, question_cause)
    register_reason_signals(CrisisAlert.Source.INQUIRY, question_signals)
