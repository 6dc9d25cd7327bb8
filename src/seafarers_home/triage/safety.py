"""The explicit safety question every free-text channel asks (message board, its API, rights
intake, the short-message help reply). Asking directly does not raise risk — clinicians ask —
and a "yes" raises the crisis alert whatever the text says (``service.triage_text``).

The answer is optional: a person may leave it unanswered ("" is stored), and the text is still
triaged in full."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

SAFETY_QUESTION = _("最近有没有伤害自己或结束生命的想法?")


class SafetyAnswer(models.TextChoices):
    YES = "yes", _("有")
    NO = "no", _("没有")


def clean_safety_answer(value: object) -> str | None:
    """The stored form of an answer: "yes", "no" or "" (not answered); None when the value is
    not one of them (the caller reports a translated error)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str) and value.strip().lower() in SafetyAnswer.values:
        return value.strip().lower()
    return None
