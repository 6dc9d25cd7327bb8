"""Asking on the message board: a seafarer's question (with triage) and follow-ups.

Everything is checked before anything is written: text lengths, choices, the number of
photos, every photo decoded and re-encoded. A bad field raises ``InquiryInvalid`` carrying a
translated message per field, and nothing is stored.

Idempotency (DOMAIN rule 3, a link that drops mid-submit): a question carries a key (the
form's hidden field or the API's Idempotency-Key header). The same seafarer and key with the
same payload returns the stored question and writes nothing — not a second question, not a
second crisis alert; the same key with a different payload raises ``IdempotencyConflict``.
A follow-up's key works the same way per question.

Triage (DOMAIN rules 2 and 8): the one triage component (``seafarers_home.triage``) reads the
title, the text and the medicine-chest note together with the answer to the explicit safety
question and the seafarer's own record. A crisis (crisis wording, the classifier, or "yes" to
the safety question) makes the question URGENT_MENTAL and raises a crisis alert in the same
transaction as the question; a physical emergency makes it URGENT_PHYSICAL (the seafarer's page
tells them to contact the master and the radio medical service at once); context alone (a
positive PHQ-9 item 9, a recent crisis alert) makes it URGENT_MENTAL — top of the clinicians'
queue — without a new alert. Urgent questions get the short promised answer time.

Audit rows and alerts never carry the question's text or the red-flag words.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.inquiries.models import Category, Question, Reply, Urgency
from seafarers_home.inquiries.overdue import due_at_for
from seafarers_home.inquiries.photos import PhotoError, ReencodedPhoto, read_upload, reencode_photo
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.triage.service import TriageResult

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "online health consultation"
TITLE_MAX_LENGTH = 80
BODY_MIN_LENGTH = 10
BODY_MAX_LENGTH = 4000
FOLLOW_UP_MAX_LENGTH = 4000
MEDICINE_CHEST_MAX_LENGTH = 200
MAX_PHOTOS = 3
KEY_MAX_LENGTH = 80

# In-app only (no SMS): a clinician handling the question sees that the seafarer added to it.
FOLLOW_UP_MESSAGE = gettext_lazy("您处理的在线咨询有海员补充了新内容。")


class InquiryInvalid(ValueError):
    """Bad input; ``errors`` maps a field name to a translated message. Nothing was stored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors.items()))
        self.errors = errors


class NotTheAuthor(PermissionError):
    """Only the seafarer who asked may add a follow-up."""


def _digest(payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(body.encode()).hexdigest()


def _check_text(
    errors: dict[str, str], name: str, value: str, *, minimum: int, maximum: int
) -> None:
    if not value:
        errors[name] = _("这一项必须填写。")
    elif not any(char.isalnum() for char in value):  # "，，，" or "。。。。" says nothing
        errors[name] = _("请用文字写出来:只有标点或符号,医生看不懂。")
    elif len(value) < minimum:
        errors[name] = _("请至少写 %(n)d 个字,让医生了解情况。") % {"n": minimum}
    elif len(value) > maximum:
        errors[name] = _("太长了:最多 %(n)d 个字(现在 %(count)d 个)。") % {
            "n": maximum,
            "count": len(value),
        }


def _check_choice(errors: dict[str, str], name: str, value: str, choices: Iterable[str]) -> None:
    if value and value not in set(choices):
        errors[name] = _("请从给出的选项中选择。")


def _question_errors(fields: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not fields["category"]:
        errors["category"] = _("请选择问题类别。")
    else:
        _check_choice(errors, "category", fields["category"], Category.values)
    _check_text(errors, "title", fields["title"], minimum=1, maximum=TITLE_MAX_LENGTH)
    _check_text(errors, "body", fields["body"], minimum=BODY_MIN_LENGTH, maximum=BODY_MAX_LENGTH)
    _check_choice(errors, "age_band", fields["age_band"], Question.AgeBand.values)
    _check_choice(errors, "duration", fields["duration"], Question.Duration.values)
    _check_choice(errors, "location", fields["location"], Question.Location.values)
    if len(fields["medicine_chest"]) > MEDICINE_CHEST_MAX_LENGTH:
        errors["medicine_chest"] = _("太长了:最多 %(n)d 个字(现在 %(count)d 个)。") % {
            "n": MEDICINE_CHEST_MAX_LENGTH,
            "count": len(fields["medicine_chest"]),
        }
    return errors


def _read_photos(photos: Sequence[Any], errors: dict[str, str]) -> list[bytes]:
    """The raw bytes of each upload (bounded), or an error; decoding comes later."""
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("最多只能上传 %(n)d 张照片。") % {"n": MAX_PHOTOS}
        return []
    raws = []
    for number, photo in enumerate(photos, start=1):
        try:
            raws.append(read_upload(photo))
        except PhotoError as exc:
            errors["photos"] = _("第 %(n)d 张照片:%(error)s") % {"n": number, "error": exc.message}
            return []
    return raws


def _reencode_all(raws: list[bytes], errors: dict[str, str]) -> list[ReencodedPhoto]:
    done = []
    for number, raw in enumerate(raws, start=1):
        try:
            done.append(reencode_photo(raw))
        except PhotoError as exc:
            errors["photos"] = _("第 %(n)d 张照片:%(error)s") % {"n": number, "error": exc.message}
            return []
    return done


def urgency_for(flags: TriageResult) -> str:
    if flags.crisis:
        return Urgency.URGENT_MENTAL
    if flags.physical:
        return Urgency.URGENT_PHYSICAL
    if flags.context:
        return Urgency.URGENT_MENTAL
    return Urgency.ROUTINE


def _alert_reason(flags: TriageResult) -> str:
    return "red_flag_words" if flags.text_crisis else "safety_question_yes"


def _raise_alert(
    seafarer: User, question: Question, flags: TriageResult, request: HttpRequest | None
) -> None:
    do_raise_crisis_alert(
        seafarer,
        source="inquiry",
        source_id=str(question.pk),
        reason=_alert_reason(flags),
        request=request,
    )


def _reply_digest(reply: Reply) -> str:
    """Replies store no digest: a resent follow-up is the same when its kind and text are."""
    return _digest({"kind": reply.kind, "body": reply.body})


def _has_open_alert(question: Question) -> bool:
    return CrisisAlert.objects.filter(
        source="inquiry", source_id=str(question.pk), status=CrisisAlert.Status.OPEN
    ).exists()


def _escalate_for_follow_up(
    locked: Question, flags: TriageResult, seafarer: User, request: HttpRequest | None
) -> list[str]:
    """Apply a follow-up's red flags to the question; the fields changed."""
    changed: list[str] = []
    codes = list(dict.fromkeys([*locked.red_flags, *flags.codes]))
    if codes != locked.red_flags:
        locked.red_flags = codes
        changed.append("red_flags")
    new_urgency = urgency_for(flags)
    rank = {Urgency.ROUTINE: 0, Urgency.URGENT_PHYSICAL: 1, Urgency.URGENT_MENTAL: 2}
    if rank[new_urgency] > rank[Urgency(locked.urgency)]:
        locked.urgency = new_urgency
        changed.append("urgency")
        due = due_at_for(new_urgency, timezone.now())
        if locked.first_answered_at is None and due < locked.due_at:
            locked.due_at = due
            changed.append("due_at")
    # A new crisis signal gets its own alert, unless one for this question still waits.
    if flags.crisis and not _has_open_alert(locked):
        _raise_alert(seafarer, locked, flags, request)
    return changed


def _notify_claimer(question: Question, reply: Reply) -> None:
    if question.claimed_by is None:
        return

    try:
        url = reverse("inquiries:staff_thread", kwargs={"pk": question.pk})
    except NoReverseMatch:
        url = ""
    do_send_notification(
        question.claimed_by,
        kind="inquiry.follow_up",
        message=FOLLOW_UP_MESSAGE,
        url=url,
        dedupe_key=f"inquiry.follow_up.{reply.pk}",
        sms=question.urgency != Urgency.ROUTINE,
    )
