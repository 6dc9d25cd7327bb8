"""Pre-departure self-care training: five short lessons and a breathing exercise.

Lessons are content files, ``screening/lessons/<order>-<slug>.<language>.md`` (zh-hans is
required, en optional), written plainly for seafarers. The first line is the title, the
second a short note (reading time); the rest is Markdown, rendered by
``seafarers_home.lib.markdown`` (CommonMark, no raw HTML).

Consent: the lessons and the breathing exercise process no health data. A LessonCompletion
says only that a person read a general self-care page, like a course sign-up, so these pages
do not ask for the separate health-data consent (PIPL art. 28/29 concern health information;
reading general advice is not). They are for seafarers only, because completion counts toward
pre-departure readiness.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from seafarers_home.lib.markdown import render_markdown
from seafarers_home.screening.models import Clearance, Screening

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

LESSON_DIR = Path(__file__).resolve().parent / "lessons"
FILE_RE = re.compile(r"\A(?P<order>\d+)-(?P<slug>[a-z0-9-]+)\.(?P<lang>zh-hans|en)\.md\Z")


@dataclass(frozen=True)
class Lesson:
    slug: str
    order: int
    texts: dict[str, tuple[str, str, str]]  # language → (title, note, markdown body)

    def _text(self) -> tuple[str, str, str]:
        language = (get_language() or "zh-hans").lower()
        key = "en" if language.startswith("en") and "en" in self.texts else "zh-hans"
        return self.texts[key]

    @property
    def title(self) -> str:
        return self._text()[0]

    @property
    def note(self) -> str:
        return self._text()[1]

    @property
    def html(self) -> SafeString:
        return render_markdown(self._text()[2])


@cache
def all_lessons() -> tuple[Lesson, ...]:
    """The lessons in order, read once per process."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(LESSON_DIR.glob("*.md")):
        match = FILE_RE.match(path.name)
        if not match:
            continue
        entry = found.setdefault(match["slug"], {"order": int(match["order"]), "texts": {}})
        lines = path.read_text(encoding="utf-8").splitlines()
        title = lines[0].removeprefix("# ").strip()
        note = lines[1].strip() if len(lines) > 1 else ""
        entry["texts"][match["lang"]] = (title, note, "\n".join(lines[2:]))
    return tuple(
        sorted(
            (
                Lesson(slug, e["order"], e["texts"])
                for slug, e in found.items()
                if "zh-hans" in e["texts"]
            ),
            key=lambda lesson: lesson.order,
        )
    )


def get_lesson(slug: str) -> Lesson | None:
    return next((lesson for lesson in all_lessons() if lesson.slug == slug), None)


def completed_slugs(user: User) -> set[str]:
    return set(user.lesson_completions.values_list("lesson_slug", flat=True))


def pre_departure_readiness(seafarer: User) -> dict[str, Any]:
    """Where the seafarer stands before boarding (健康入职): the pre-departure 心理CT, the five
    lessons and the clinician's clearance. For the seafarer's own pages and clinicians; an
    employer sees a clearance only through S4's consent-checked view."""
    screening = (
        Screening.objects.filter(
            seafarer=seafarer,
            status=Screening.Status.COMPLETED,
            battery__is_pre_departure_default=True,
        )
        .order_by("-completed_at")
        .first()
    )
    slugs = {lesson.slug for lesson in all_lessons()}
    done = completed_slugs(seafarer) & slugs
    clearance = Clearance.objects.filter(seafarer=seafarer).order_by("-created_at").first()
    today = timezone.localdate()
    if clearance is None:
        clearance_status = "none"
    elif clearance.valid_until < today:
        clearance_status = "expired"
    else:
        clearance_status = clearance.decision
    cleared = clearance_status in (
        Clearance.Decision.CLEARED,
        Clearance.Decision.CLEARED_WITH_FOLLOW_UP,
    )
    return {
        "screening_done": screening is not None,
        "screening_completed_at": screening.completed_at if screening else None,
        "training_done": bool(slugs) and done == slugs,
        "lessons_done": len(done),
        "lessons_total": len(slugs),
        "clearance": clearance_status,
        "clearance_valid_until": clearance.valid_until if clearance else None,
        "ready": screening is not None and done == slugs and cleared,
    }
