"""What a clinician reads for an alert's reason: words, never stored codes.

An alert stores a short reason code (``red_flag_words``, ``phq9_item9``); an alert raised by
a message-board question also has the question's red-flag codes (``death_wish``,
``chest_pain``), which say what was actually written. The board, the live board and the alert
page show the reason's label with those signals' labels (``triage.service.reason_label``), read
for a whole board in one query.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.services import reason_label


def _question_signals(alerts: list[CrisisAlert]) -> dict[int, list[str]]:
    from seafarers_home.inquiries.models import Question
    from seafarers_home.triage.context import CONTEXT_LABELS
    from seafarers_home.triage.service import reason_label as signal_label

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


def reason_texts(alerts: Iterable[CrisisAlert]) -> dict[int, str]:
    """alert pk → its reason in words, with the signals found in the seafarer's words."""
    alerts = list(alerts)
    signals = _question_signals(alerts)
    texts = {}
    for alert in alerts:
        reason = reason_label(alert.reason)
        found = signals.get(alert.pk)
        if found:
            joined = _("、").join(found)
            reason = _("%(reason)s:%(signals)s") % {"reason": reason, "signals": joined}
        texts[alert.pk] = reason
    return texts


def reason_text(alert: CrisisAlert) -> str:
    return reason_texts([alert])[alert.pk]
