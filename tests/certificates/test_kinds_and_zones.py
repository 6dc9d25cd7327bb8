"""The kinds file is checked when the app starts (a malformed file names the field), and a
certificate's validity is counted on the seafarer's own calendar day, wherever the ship is."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from seafarers_home.certificates.kinds import KINDS_FILE, KindsFileError, load_kinds, parse_kinds
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.validity import EXPIRED, SOON, status_on, today_for

KIND = {
    "code": "basic_safety",
    "name_zh": "基本安全",
    "name_en": "Basic safety",
    "group": "training",
}


@pytest.mark.parametrize(
    ("kinds", "words"),
    [
        ([KIND, KIND], "kinds[1].code: basic_safety is defined twice"),
        ([{**KIND, "group": "pirates"}], "kinds[0].group"),
        ([{**KIND, "code": "Basic Safety"}], "kinds[0].code"),
        ([], "kinds"),
    ],
)
def test_a_malformed_kinds_file_stops_the_start_up_naming_the_field(kinds, words, tmp_path):
    with pytest.raises(KindsFileError, match=re.escape(words)):
        parse_kinds({"kinds": kinds})
    broken = tmp_path / "kinds.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(KindsFileError, match=re.escape("kinds.json: not readable JSON")):
        load_kinds(broken)


def test_the_shipped_kinds_file_loads():
    shipped = parse_kinds(json.loads(KINDS_FILE.read_text(encoding="utf-8")))
    assert {"basic_safety", "health_certificate", "crewmate_in_crisis"} <= set(shipped)


def test_validity_is_counted_on_the_seafarers_own_day(world):
    # 2026-12-05 11:30 UTC is already the 6th in Apia (UTC+13) but still the 5th in Honolulu.
    moment = datetime.datetime(2026, 12, 5, 11, 30, tzinfo=datetime.UTC)
    certificate = Certificate(expires_on=datetime.date(2026, 12, 5))
    world.seafarer.time_zone = "Pacific/Apia"
    assert today_for(world.seafarer, moment) == datetime.date(2026, 12, 6)
    assert status_on(certificate, today_for(world.seafarer, moment)) == EXPIRED
    world.seafarer.time_zone = "Pacific/Honolulu"
    assert status_on(certificate, today_for(world.seafarer, moment)) == SOON
