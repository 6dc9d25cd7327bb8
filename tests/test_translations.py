"""Chinese is the source language; every app's English catalogue must stay complete and
compiled, or English pages silently fall back to Chinese."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "seafarers_home"
CATALOGUES = sorted(SRC.glob("*/locale/en/LC_MESSAGES/django.po"))
ENTRY = re.compile(
    r'(?P<flags>(?:#.*\n)*)(?:msgctxt (?P<ctxt>(?:".*"\n)+))?msgid (?P<id>(?:".*"\n)+)'
    r'(?:msgid_plural (?:".*"\n)+)?(?P<str>(?:msgstr(?:\[\d\])? (?:".*"\n)+)+)'
)


def _joined(lines: str) -> str:
    return "".join(ast.literal_eval(line) for line in lines.strip().splitlines())


def _entries(po: Path) -> list[tuple[str, str, str, str]]:
    text = po.read_text(encoding="utf-8") + "\n"
    entries = []
    for match in ENTRY.finditer(text):
        msgid = _joined(match.group("id"))
        if not msgid:
            continue  # the header
        strs = re.findall(r"msgstr(?:\[\d\])? ((?:\".*\"\n)+)", match.group("str"))
        entries.append(
            (
                msgid,
                _joined(match.group("ctxt") or '""'),
                " ".join(_joined(s) for s in strs),
                match.group("flags"),
            )
        )
    return entries


def test_it_finds_a_catalogue_for_every_app_with_strings() -> None:
    assert len(CATALOGUES) >= 8


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_it_translates_every_message(po: Path) -> None:
    entries = _entries(po)
    assert entries, po
    untranslated = [msgid for msgid, _ctxt, msgstr, _flags in entries if not msgstr.strip()]
    fuzzy = [msgid for msgid, _ctxt, _msgstr, flags in entries if "fuzzy" in flags]
    assert not untranslated, f"{po}: untranslated {untranslated[:5]}"
    assert not fuzzy, f"{po}: fuzzy {fuzzy[:5]}"


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_it_ships_the_compiled_catalogue(po: Path) -> None:
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [
        msgid
        for msgid, ctxt, _msgstr, flags in _entries(po)
        if "msgid_plural" not in flags
        and (compiled.pgettext(ctxt, msgid) if ctxt else compiled.gettext(msgid)) == msgid
    ]
    assert not stale, f"{po.with_suffix('.mo')} is older than its .po: {stale[:5]}"
