"""The audit log shows each row's purpose in the reader's language (audit/purposes.py), for
every purpose phrase the source passes to record_audit / record_read."""

from __future__ import annotations

import re
from pathlib import Path

from django.test import Client
from django.utils import translation

from seafarers_home.audit.purposes import PURPOSE_LABELS, purpose_label
from seafarers_home.audit.services import record_audit
from tests.personas import World, login

SRC = Path(__file__).resolve().parents[2] / "src" / "seafarers_home"
# A purpose written as a keyword argument or a module constant named *PURPOSE*.
PHRASE = re.compile(r'(?:\bpurpose="([^"]+)"|\b[A-Z_]*PURPOSE[A-Z_]* = "([^"]+)")')


def _phrases() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for match in PHRASE.finditer(path.read_text(encoding="utf-8")):
            found.add(match.group(1) or match.group(2))
    return found


def test_every_purpose_in_the_source_has_words_for_the_log():
    phrases = _phrases()
    assert len(phrases) > 40  # the scan finds them
    assert sorted(phrases - PURPOSE_LABELS.keys()) == []


def test_the_log_shows_the_purpose_in_chinese_and_in_english(world: World):
    record_audit(world.union_staff, "account.registered", purpose="sea frames")
    assert purpose_label("sea frames") == "海上数据帧"
    with translation.override("en"):
        assert purpose_label("sea frames") == "Sea frames"
    assert purpose_label("something new") == "something new"  # shown as written
    page = login(Client(), world.admin).get("/audit/").content.decode()
    assert "<td>海上数据帧</td>" in page and "<td>sea frames</td>" not in page
