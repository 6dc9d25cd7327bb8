"""Instrument files are validated strictly; a malformed file is refused naming file and field."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from seafarers_home.screening.instruments import (
    INSTRUMENTS_DIR,
    InstrumentFileError,
    load_instruments,
    load_registry,
)


@pytest.fixture
def broken(tmp_path: Path) -> Callable[[str, Callable[[dict], None]], Path]:
    """broken("phq9", mutate) -> a copy of the shipped files with phq9.json mutated."""

    def make(code: str, mutate: Callable[[dict], None]) -> Path:
        shutil.copytree(INSTRUMENTS_DIR, tmp_path, dirs_exist_ok=True)
        path = tmp_path / f"{code}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        mutate(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return tmp_path

    return make


def test_it_loads_the_shipped_files():
    assert sorted(code for code, _v in load_instruments(INSTRUMENTS_DIR)) == [
        "auditc",
        "gad7",
        "k10",
        "pcl5",
        "pcptsd5",
        "phq4",
        "phq9",
        "who5",
    ]


def _item_option_value(data: dict) -> None:
    data["items"][3]["options"] = [dict(o) for o in data["options"]]
    data["items"][3]["options"][1]["value"] = "1"


def _set(path: list, value: object) -> Callable[[dict], None]:
    def mutate(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _delete(key: str) -> Callable[[dict], None]:
    return lambda data: data.pop(key)


@pytest.mark.parametrize(
    ("code", "mutate", "message"),
    [
        ("phq9", _item_option_value, "phq9.json: items[3].options[1].value: must be an integer"),
        ("gad7", _delete("title_zh"), "gad7.json: title_zh: is required"),
        ("who5", _set(["options", 2, "label_en"], ""), "who5.json: options[2].label_en: must be"),
        ("k10", _set(["bands", 2, "min"], 23), "k10.json: bands[2].min: must be 22"),
        ("phq4", _set(["bands", 3, "max"], 11), "phq4.json: bands[3].max: must equal the highest"),
        (
            "auditc",
            _set(["bands", 0, "min"], 1),
            "auditc.json: bands[0].min: must equal the lowest",
        ),
        ("phq9", _set(["items", 4, "id"], "phq9_1"), "phq9.json: items[4].id: duplicate item id"),
        ("phq9", _set(["items", 8, "safety"], "yes"), "phq9.json: items[8].safety: must be true"),
        ("gad7", _set(["scoring", "method"], "mean"), "gad7.json: scoring.method: must be one of"),
        ("gad7", _set(["missing", "max_missing"], 9), "gad7.json: missing.max_missing: must be"),
        ("who5", _set(["scoring", "multiplier"], 0), "who5.json: scoring.multiplier: must be at"),
        ("phq9", _set(["loinc", "total"], "abc"), "phq9.json: loinc: must map"),
        ("k10", _set(["items"], []), "k10.json: items: must be a non-empty list"),
        ("phq9", _set(["code"], "PHQ 9"), "phq9.json: code: must be lower-case"),
        ("phq4", _set(["options", 1, "value"], 0), "phq4.json: options: option values must be"),
        ("phq9", _set(["items", 8, "safty"], True), "phq9.json: items[8].safty: is not a known"),
        ("k10", _set(["bands", 1, "max"], True), "k10.json: bands[1].max: must be a number"),
        ("gad7", _set(["missing"], "none"), "gad7.json: missing: must be an object"),
        # the branching of the PC-PTSD-5 and the review flag
        (
            "pcptsd5",
            _set(["items", 0, "skip_rest_if"], 2),
            "pcptsd5.json: items[0].skip_rest_if: must be one of its options",
        ),
        (
            "pcptsd5",
            _set(["items", 5, "skip_rest_if"], 0),
            "pcptsd5.json: items[5].skip_rest_if: the last item has no rest",
        ),
        (
            "pcptsd5",
            _set(["items", 3, "safety"], True),
            "pcptsd5.json: items[3].safety: a safety item cannot be skipped",
        ),
        (
            "pcptsd5",
            _set(["missing"], {"method": "prorate", "max_missing": 1}),
            "pcptsd5.json: missing.method: must be none when an item is unscored",
        ),
        (
            "pcptsd5",
            _set(["items", 0, "scored"], True),
            "pcptsd5.json: bands[1].max: must equal the highest possible total 6",
        ),
        ("pcl5", _set(["zh_needs_review"], "yes"), "pcl5.json: zh_needs_review: must be"),
        ("pcl5", _set(["bands", 1, "min"], 34), "pcl5.json: bands[1].min: must be 33"),
    ],
)
def test_it_refuses_a_malformed_file_naming_file_and_field(broken, code, mutate, message):
    directory = broken(code, mutate)
    with pytest.raises(InstrumentFileError) as exc:
        load_instruments(directory)
    assert str(exc.value).startswith(message)


def test_it_refuses_invalid_json(tmp_path: Path):
    (tmp_path / "bad.json").write_text('{"code": "bad",', encoding="utf-8")
    with pytest.raises(InstrumentFileError, match=r"^bad\.json: not valid JSON"):
        load_instruments(tmp_path)


def test_it_refuses_two_files_with_the_same_code_and_version(tmp_path: Path):
    shutil.copy(INSTRUMENTS_DIR / "phq4.json", tmp_path / "a.json")
    shutil.copy(INSTRUMENTS_DIR / "phq4.json", tmp_path / "b.json")
    with pytest.raises(InstrumentFileError, match=r"^b\.json: version: phq4 1\.0 is also"):
        load_instruments(tmp_path)


def test_it_stops_the_start_up_on_a_malformed_file(broken):
    directory = broken("phq9", _delete("bands"))
    try:
        with pytest.raises(InstrumentFileError, match=r"^phq9\.json: bands: is required"):
            load_registry(directory)
    finally:
        load_registry()


def test_it_refuses_an_instrument_with_no_scored_item(broken):
    def unscored(data: dict) -> None:
        for item in data["items"]:
            item["scored"] = False
            item.pop("skip_rest_if", None)

    with pytest.raises(InstrumentFileError, match=r"^pcptsd5\.json: items: at least one item"):
        load_instruments(broken("pcptsd5", unscored))
