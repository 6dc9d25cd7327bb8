"""Publishing answered questions to the public knowledge base, and taking them down.

Only a clinician publishes, only an ANSWERED question, only when its author allowed anonymous
publishing. The entry is a *copy* the clinician edits to remove identifying details (names,
vessel names, phone numbers, places, dates); the automatic check below refuses the obvious
ones it can know about — mainland mobile and landline numbers, ID-card numbers, the
seafarer's real and display names, seafarers' book number, the vessel's name and registration —
so that the public library never carries them. It does not replace the clinician's reading.

The entry keeps a link to its question only so that unpublishing and erasure can find it; no
public page shows it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from seafarers_home.inquiries.models import Question, Reply
from seafarers_home.organisations.models import SeafarerProfile

PURPOSE = "knowledge base publication"
TITLE_MAX_LENGTH = 80
TEXT_MIN_LENGTH = 10
QUESTION_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 8000

# After NFKC (full-width digits are ASCII then). Separators people type inside numbers. The
# platform's own hotlines are allowed (an answer may well recommend them).
_SEP = r"[\s\-.·]?"
PHONE_PATTERNS = (
    # Mainland mobile: 1[3-9] + 9 digits, possibly written 138 0000 0001 or +86-138-...
    re.compile(rf"(?<!\d)(?:\+?86{_SEP})?1[3-9](?:{_SEP}\d){{9}}(?!\d)"),
    # Landline with area code: 0580-1234567, (0580)12345678
    re.compile(rf"(?<!\d)\(?0\d{{2,3}}\)?{_SEP}\d{{7,8}}(?!\d)"),
)
ID_CARD_PATTERN = re.compile(r"(?<!\d)\d{17}[\dx](?!\d)", re.IGNORECASE)
MIN_NAME_LENGTH = 2  # a one-character "name" would match everywhere


@dataclass
class PublishInvalid(Exception):
    """The texts cannot be published as they are: ``errors`` maps a field (title,
    question_text, answer_text, or "" for the whole question) to translated messages."""

    errors: dict[str, list[str]] = field(default_factory=dict)

    def __str__(self) -> str:
        return "; ".join(m for messages in self.errors.values() for m in messages)


def _squash(text: str) -> str:
    """Normalised and without spaces, for comparing names (王 海, 平太荣1号 vs 平太荣 1号)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").casefold())


def _personal_words(question: Question) -> list[tuple[str, str]]:
    """(kind label, word) pairs identifying the question's author."""
    seafarer = question.seafarer
    words = [(_("海员的名字"), seafarer.display_name or "")]
    profile = SeafarerProfile.objects.filter(user=seafarer).select_related("current_vessel")
    profile = profile.first()
    if profile is not None:
        words.append((_("海员的名字"), profile.real_name))
        words.append((_("海员证号"), profile.seafarers_book_number or ""))
        vessel = profile.current_vessel
        if vessel is not None:
            words.append((_("船名"), vessel.name))
            words.append((_("船舶登记号"), vessel.registration_number or ""))
    return [(kind, word) for kind, word in words if len(_squash(word)) >= MIN_NAME_LENGTH]


def _public_numbers() -> set[str]:
    """Service numbers an answer may well recommend (the hotlines): not anyone's phone."""
    numbers = (settings.PLATFORM_HOTLINE_NUMBER, settings.NATIONAL_PSY_HOTLINE_NUMBER)
    return {re.sub(r"\D", "", number) for number in numbers}


def identifying_details(text: str, question: Question | None = None) -> list[str]:
    """Translated descriptions of what in ``text`` identifies someone (empty: nothing found)."""
    normalised = unicodedata.normalize("NFKC", text or "")
    found: list[str] = []
    allowed = _public_numbers()
    for pattern in PHONE_PATTERNS:
        for match in pattern.finditer(normalised):
            if re.sub(r"\D", "", match.group()) not in allowed:
                found.append(_("电话号码 %(value)s") % {"value": match.group().strip()})
    for match in ID_CARD_PATTERN.finditer(normalised):
        found.append(_("身份证号 %(value)s") % {"value": match.group()})
    if question is not None:
        squashed = _squash(text)
        for kind, word in _personal_words(question):
            if _squash(word) in squashed:
                found.append(f"{kind} {word}")
    return list(dict.fromkeys(found))


def publication_draft(question: Question) -> dict[str, str]:
    """The form's starting point: the question and the clinicians' answers, to be edited."""
    answers = question.replies.filter(kind=Reply.Kind.ANSWER).order_by("created_at", "pk")
    return {
        "title": question.title,
        "question_text": question.body,
        "answer_text": "\n\n".join(reply.body for reply in answers),
    }


def publishable_error(question: Question) -> str | None:
    """Why the question cannot be published at all, or None."""
    if not question.allow_publish:
        return _("提问的海员没有同意匿名发布,不能发布。")
    if question.status != Question.Status.ANSWERED:
        return _("只有已回复的留言才能发布到知识库。")
    return None


def _clean(title: str, question_text: str, answer_text: str, question: Question) -> dict:
    values = {
        "title": (title or "").strip(),
        "question_text": (question_text or "").strip(),
        "answer_text": (answer_text or "").strip(),
    }
    limits = {
        "title": (1, TITLE_MAX_LENGTH),
        "question_text": (TEXT_MIN_LENGTH, QUESTION_MAX_LENGTH),
        "answer_text": (TEXT_MIN_LENGTH, ANSWER_MAX_LENGTH),
    }
    errors: dict[str, list[str]] = {}
    for name, value in values.items():
        low, high = limits[name]
        if len(value) < low:
            errors.setdefault(name, []).append(_("至少 %(limit)d 个字。") % {"limit": low})
        elif len(value) > high:
            errors.setdefault(name, []).append(
                _("最多 %(limit)d 个字,现在是 %(count)d 个字。")
                % {"limit": high, "count": len(value)}
            )
        details = identifying_details(value, question)
        if details:
            errors.setdefault(name, []).append(
                _("请删去可识别身份的信息:%(details)s。") % {"details": "、".join(details)}
            )
    if errors:
        raise PublishInvalid(errors)
    return values
