"""Time zones in Chinese (issue 16 item 12): every zone offered is a real zone with a Chinese
name and its offset, nothing to type; no template prints a zone abbreviation ("CST")."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from seafarers_home.lib.zones import time_zone_choices

SRC = Path(__file__).resolve().parents[2] / "src" / "seafarers_home"
# |date:"… T …" or |time:"… T": Django's T is the zone abbreviation (CST, NZDT, -03).
ABBREVIATION = re.compile(r"\|(?:date|time):[\"'][^\"']*(?<!\\)T[^\"']*[\"']")


def test_no_template_prints_a_time_zone_abbreviation() -> None:
    offenders = [
        f"{path.relative_to(SRC)}: {match.group(0)}"
        for path in SRC.glob("*/templates/**/*.html")
        for match in ABBREVIATION.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_profile_offers_every_zone_by_a_chinese_name_with_its_offset(world, client_for):
    html = client_for("seafarer").get("/accounts/profile/").content.decode()
    start = html.index('<select name="time_zone"')
    select = html[start : html.index("</select>", start)]
    options = re.findall(r'<option value="([^"]+)"[^>]*>([^<]+)</option>', select)
    offered = {
        value
        for key, entries in time_zone_choices()
        for value in ([v for v, _label in entries] if isinstance(entries, list) else [key])
    }
    assert {value for value, _label in options} == offered
    assert len(options) > 60  # the sea areas and ship's time, not a short list
    for _value, label in options:
        label = unescape(label)
        assert re.search(r"\(UTC([+-]\d{1,2}(:\d\d)?)?\)$", label), label
        assert "/" not in label, label  # never the IANA name
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups[:3] == ["中国及东亚", "东南亚", "印度洋"] and "太平洋" in groups
