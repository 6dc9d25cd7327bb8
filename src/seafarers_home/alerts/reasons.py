"""What a clinician reads for an alert's reason: words, never stored codes.

An alert stores a short reason code (``red_flag_words``, ``phq9_item9``); an alert raised by
a message-board question also has the question's red-flag codes (``death_wish``,
``chest_pain``), which say what was actually written. The board, the live board and the alert
page show the reason's label with those signals' labels, read for a whole board in one query
by the service that raised the alert (``alerts.sources.register_reason_signals``: the message
board's are in inquiries/alert_sources.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.sources import REASON_LABELLERS, REASON_SIGNALS

SAFETY_ITEM_SUFFIX = "_safety_item"

# Reason codes the raising apps use, with the label clinicians see on the board.
REASON_LABELS = {
    "phq9_item9": gettext_lazy("PHQ-9 第9题(自伤或轻生念头)阳性"),
    "very_high_score": gettext_lazy("量表得分极高"),
    "counsellor_flag": gettext_lazy("咨询员标记危机"),
    "red_flag_words": gettext_lazy("文字中有危机信号"),
    "safety_question_yes": gettext_lazy("本人回答最近有伤害自己或结束生命的想法"),
    "help_now": gettext_lazy("本人请求立即帮助"),
    "urgent_consultation": gettext_lazy("紧急远程会诊请求"),
    "consultation_crisis": gettext_lazy("远程咨询中启动危机处置"),
}


def reason_label(code: str) -> str:
    if code in REASON_LABELS:
        return str(REASON_LABELS[code])
    # Codes of the services' own (a safety item of an instrument other than the PHQ-9:
    # screening/alert_sources.py), registered in alerts.sources.
    for label in REASON_LABELLERS:
        text = label(code)
        if text:
            return text
    return code


def _signals(alerts: list[CrisisAlert]) -> dict[int, list[str]]:
    """alert pk → what the person's words said, from the service that raised each alert."""
    found: dict[int, list[str]] = {}
    for source, read in REASON_SIGNALS.items():
        of_source = [alert for alert in alerts if alert.source == source]
        if of_source:
            found.update(read(of_source))
    return found


def reason_texts(alerts: Iterable[CrisisAlert]) -> dict[int, str]:
    """alert pk → its reason in words, with the signals found in the seafarer's words."""
    alerts = list(alerts)
    signals = _signals(alerts)
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
