"""The safe-home plan's content (安心回家): two pages written as content files like the
training lessons — ``safe_home/plan.<language>.md`` for the seafarer and
``safe_home/family.<language>.md`` for the family page. Line 1 is the title, line 2 a short
note, line 3 the lead paragraph; the rest is Markdown (``seafarers_home.lib.markdown``).
The hotline numbers come from settings (``{hotline}``, ``{national}``).

The family page is general advice only: nothing in it depends on who shared it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from seafarers_home.lib.markdown import render_markdown

CONTENT_DIR = Path(__file__).resolve().parent / "safe_home"


@dataclass(frozen=True)
class Page:
    title: str
    note: str
    lead: str
    html: SafeString


@cache
def _source(name: str, language: str) -> tuple[str, str, str, str]:
    lines = (CONTENT_DIR / f"{name}.{language}.md").read_text(encoding="utf-8").splitlines()
    return (
        lines[0].removeprefix("# ").strip(),
        lines[1].strip(),
        lines[2].strip(),
        "\n".join(lines[3:]),
    )


def page(name: str) -> Page:
    """``name`` is "plan" or "family", in the active language (Chinese unless English)."""
    language = "en" if (get_language() or "").lower().startswith("en") else "zh-hans"
    title, note, lead, body = _source(name, language)
    numbers = {
        "hotline": settings.PLATFORM_HOTLINE_NUMBER,
        "national": settings.NATIONAL_PSY_HOTLINE_NUMBER,
    }
    return Page(
        title=title,
        note=note,
        lead=lead.format(**numbers),
        html=render_markdown(body.format(**numbers)),
    )
