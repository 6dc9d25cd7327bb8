"""Screening instruments as data: loading, strict validation and the registry.

Each instrument is one JSON file in ``screening/instruments/`` (format in that folder's
README). The files are read and validated once, when the app starts
(``ScreeningConfig.ready``): a malformed file stops the start-up with
``InstrumentFileError`` naming the file and the field, e.g.
``phq9.json: items[3].options[1].value: must be an integer`` — a scale that scores wrongly
must never reach a seafarer.

Scores come only from these definitions (see ``scoring.py``); a stored Response keeps the
instrument's code and version, so several versions of one code may be loaded side by side.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{1,19}$")
ITEM_ID_RE = re.compile(r"^[a-z0-9_]{1,40}$")
VERSION_RE = re.compile(r"^[0-9][0-9A-Za-z.\-]{0,19}$")
SCORING_METHODS = ("sum",)
MISSING_METHODS = ("none", "prorate")


class InstrumentFileError(ImproperlyConfigured):
    """A malformed instrument file; the message names the file and the field path."""

    def __init__(self, filename: str, path: str, message: str) -> None:
        self.filename = filename
        self.path = path
        super().__init__(f"{filename}: {path}: {message}" if path else f"{filename}: {message}")


class UnknownInstrument(LookupError):
    """No loaded instrument has this code (and version)."""


def _english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


@dataclass(frozen=True)
class Option:
    value: int
    label_zh: str
    label_en: str

    @property
    def label(self) -> str:
        return self.label_en if _english() else self.label_zh


@dataclass(frozen=True)
class Item:
    id: str
    text_zh: str
    text_en: str
    options: list[Option]
    reverse: bool = False
    safety: bool = False

    @property
    def text(self) -> str:
        return self.text_en if _english() else self.text_zh

    @property
    def values(self) -> list[int]:
        return [o.value for o in self.options]

    def scored_value(self, value: int) -> int:
        """The value that counts toward the total: reverse items are mirrored."""
        if self.reverse:
            return min(self.values) + max(self.values) - value
        return value


@dataclass(frozen=True)
class Band:
    code: str
    min: float
    max: float
    label_zh: str
    label_en: str
    meaning_zh: str
    meaning_en: str

    @property
    def label(self) -> str:
        return self.label_en if _english() else self.label_zh

    @property
    def meaning(self) -> str:
        return self.meaning_en if _english() else self.meaning_zh

    def covers(self, total: float) -> bool:
        return self.min <= total <= self.max


@dataclass(frozen=True)
class Instrument:
    code: str
    version: str
    title_zh: str
    title_en: str
    recall_zh: str
    recall_en: str
    items: list[Item]
    bands: list[Band]
    scoring_method: str = "sum"
    multiplier: int = 1
    missing_method: str = "none"
    max_missing: int = 0
    licence: str = ""
    loinc: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    source_file: str = ""

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_zh

    @property
    def recall(self) -> str:
        return self.recall_en if _english() else self.recall_zh

    @property
    def min_total(self) -> int:
        return sum(min(i.values) for i in self.items) * self.multiplier

    @property
    def max_total(self) -> int:
        return sum(max(i.values) for i in self.items) * self.multiplier

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def band_for(self, total: float) -> Band | None:
        return next((b for b in self.bands if b.covers(total)), None)


# --- validation -----------------------------------------------------------------------


class _Reader:
    """Typed access to a parsed JSON object that reports errors with the field path."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, path: str, message: str) -> InstrumentFileError:
        return InstrumentFileError(self.filename, path, message)

    def obj(self, value: Any, path: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "must be an object")
        return value

    def list(self, data: dict, key: str, path: str, *, required: bool = True) -> list:
        where = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                raise self.fail(where, "is required")
            return []
        value = data[key]
        if not isinstance(value, list) or (required and not value):
            raise self.fail(where, "must be a non-empty list")
        return value

    def str(self, data: dict, key: str, path: str, *, required: bool = True) -> str:
        where = f"{path}.{key}" if path else key
        if key not in data:
            if required:
                raise self.fail(where, "is required")
            return ""
        value = data[key]
        if not isinstance(value, str) or (required and not value.strip()):
            raise self.fail(where, "must be a non-empty string")
        return value

    def int(self, data: dict, key: str, path: str, default: int | None = None) -> int:
        where = f"{path}.{key}" if path else key
        if key not in data:
            if default is None:
                raise self.fail(where, "is required")
            return default
        value = data[key]
        # bool is an int subclass in Python: true/false is not a score.
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, "must be an integer")
        return value

    def number(self, data: dict, key: str, path: str) -> float:
        where = f"{path}.{key}" if path else key
        value = data.get(key)
        if key not in data:
            raise self.fail(where, "is required")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, "must be a number")
        return value

    def bool(self, data: dict, key: str, path: str) -> bool:
        value = data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{path}.{key}", "must be true or false")
        return value


def _options(r: _Reader, raw: list, path: str) -> list[Option]:
    options = []
    for n, o in enumerate(raw):
        where = f"{path}[{n}]"
        o = r.obj(o, where)
        options.append(
            Option(
                value=r.int(o, "value", where),
                label_zh=r.str(o, "label_zh", where),
                label_en=r.str(o, "label_en", where),
            )
        )
    values = [o.value for o in options]
    if len(set(values)) != len(values):
        raise r.fail(path, "option values must be unique")
    if len(options) < 2:
        raise r.fail(path, "must have at least two options")
    return options


def parse_instrument(data: Any, filename: str) -> Instrument:
    """Validate one parsed instrument file strictly and build the Instrument."""
    r = _Reader(filename)
    data = r.obj(data, "")
    code = r.str(data, "code", "")
    if not CODE_RE.match(code):
        raise r.fail("code", "must be lower-case letters, digits or _ (2–20 characters)")
    version = r.str(data, "version", "")
    if not VERSION_RE.match(version):
        raise r.fail("version", "must start with a digit (e.g. 1.0), at most 20 characters")
    default_options = None
    if "options" in data:
        default_options = _options(r, r.list(data, "options", ""), "options")

    items: list[Item] = []
    for n, raw in enumerate(r.list(data, "items", "")):
        where = f"items[{n}]"
        raw = r.obj(raw, where)
        item_id = r.str(raw, "id", where)
        if not ITEM_ID_RE.match(item_id):
            raise r.fail(f"{where}.id", "must be lower-case letters, digits or _")
        if any(i.id == item_id for i in items):
            raise r.fail(f"{where}.id", f"duplicate item id {item_id!r}")
        if "options" in raw:
            options = _options(r, r.list(raw, "options", where), f"{where}.options")
        elif default_options is not None:
            options = default_options
        else:
            raise r.fail(f"{where}.options", "is required (no instrument-wide options)")
        items.append(
            Item(
                id=item_id,
                text_zh=r.str(raw, "text_zh", where),
                text_en=r.str(raw, "text_en", where),
                options=options,
                reverse=r.bool(raw, "reverse", where),
                safety=r.bool(raw, "safety", where),
            )
        )

    scoring = r.obj(data.get("scoring"), "scoring")
    method = r.str(scoring, "method", "scoring")
    if method not in SCORING_METHODS:
        raise r.fail("scoring.method", f"must be one of {', '.join(SCORING_METHODS)}")
    multiplier = r.int(scoring, "multiplier", "scoring", default=1)
    if multiplier < 1:
        raise r.fail("scoring.multiplier", "must be at least 1")

    missing = r.obj(data.get("missing"), "missing")
    missing_method = r.str(missing, "method", "missing")
    if missing_method not in MISSING_METHODS:
        raise r.fail("missing.method", f"must be one of {', '.join(MISSING_METHODS)}")
    max_missing = r.int(missing, "max_missing", "missing", default=0)
    if max_missing < 0 or max_missing >= len(items):
        raise r.fail("missing.max_missing", "must be between 0 and the number of items - 1")
    if missing_method == "none" and max_missing:
        raise r.fail("missing.max_missing", "must be 0 when missing.method is none")

    bands = []
    for n, raw in enumerate(r.list(data, "bands", "")):
        where = f"bands[{n}]"
        raw = r.obj(raw, where)
        bands.append(
            Band(
                code=r.str(raw, "code", where),
                min=r.number(raw, "min", where),
                max=r.number(raw, "max", where),
                label_zh=r.str(raw, "label_zh", where),
                label_en=r.str(raw, "label_en", where),
                meaning_zh=r.str(raw, "meaning_zh", where),
                meaning_en=r.str(raw, "meaning_en", where),
            )
        )

    notes = r.list(data, "notes", "", required=False)
    if not all(isinstance(n, str) for n in notes):
        raise r.fail("notes", "must be a list of strings")
    loinc = data.get("loinc", {})
    if not isinstance(loinc, dict) or not all(
        isinstance(v, str) and re.match(r"^\d{1,7}-\d$", v) for v in loinc.values()
    ):
        raise r.fail("loinc", 'must map names to LOINC codes like "44261-6"')

    instrument = Instrument(
        code=code,
        version=version,
        title_zh=r.str(data, "title_zh", ""),
        title_en=r.str(data, "title_en", ""),
        recall_zh=r.str(data, "recall_zh", ""),
        recall_en=r.str(data, "recall_en", ""),
        items=items,
        bands=bands,
        scoring_method=method,
        multiplier=multiplier,
        missing_method=missing_method,
        max_missing=max_missing,
        licence=r.str(data, "licence", ""),
        loinc=dict(loinc),
        notes=list(notes),
        source_file=filename,
    )
    _check_bands(r, instrument)
    return instrument


def _check_bands(r: _Reader, instrument: Instrument) -> None:
    """Bands are ordered, do not overlap, leave no gap and cover min..max exactly.

    Totals are whole numbers (sums, prorated totals are rounded), so "no gap" means the
    next band starts one above the previous band's maximum.
    """
    bands = instrument.bands
    if bands[0].min != instrument.min_total:
        raise r.fail("bands[0].min", f"must equal the lowest possible total {instrument.min_total}")
    last = len(bands) - 1
    if bands[last].max != instrument.max_total:
        raise r.fail(
            f"bands[{last}].max", f"must equal the highest possible total {instrument.max_total}"
        )
    codes = set()
    for n, band in enumerate(bands):
        if band.min > band.max:
            raise r.fail(f"bands[{n}].max", "must not be below min")
        if band.code in codes:
            raise r.fail(f"bands[{n}].code", f"duplicate band code {band.code!r}")
        codes.add(band.code)
        if n and band.min != bands[n - 1].max + 1:
            raise r.fail(f"bands[{n}].min", f"must be {bands[n - 1].max + 1} (previous max + 1)")


# --- loading and the registry ---------------------------------------------------------


def load_instruments(directory: Path | str = INSTRUMENTS_DIR) -> dict[tuple[str, str], Instrument]:
    """Read and validate every ``*.json`` file in ``directory``."""
    found: dict[tuple[str, str], Instrument] = {}
    for path in sorted(Path(directory).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InstrumentFileError(path.name, "", f"not valid JSON: {exc}") from exc
        instrument = parse_instrument(data, path.name)
        key = (instrument.code, instrument.version)
        if key in found:
            raise InstrumentFileError(
                path.name,
                "version",
                f"{instrument.code} {instrument.version} is also defined in "
                f"{found[key].source_file}",
            )
        found[key] = instrument
    if not found:
        raise InstrumentFileError(str(directory), "", "no instrument files found")
    return found


_registry: dict[tuple[str, str], Instrument] = {}


def load_registry(directory: Path | str = INSTRUMENTS_DIR) -> None:
    """(Re)load the registry; called by ScreeningConfig.ready()."""
    loaded = load_instruments(directory)
    _registry.clear()
    _registry.update(loaded)


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in re.split(r"[.\-]", version))


def _instruments() -> dict[tuple[str, str], Instrument]:
    if not _registry:
        load_registry()
    return _registry


def get_instrument(code: str, version: str | None = None) -> Instrument:
    """The instrument ``code`` at ``version`` (the newest loaded version when None)."""
    registry = _instruments()
    if version:
        try:
            return registry[(code, version)]
        except KeyError:
            raise UnknownInstrument(f"{code} {version}") from None
    versions = [i for (c, _v), i in registry.items() if c == code]
    if not versions:
        raise UnknownInstrument(code)
    return max(versions, key=lambda i: _version_key(i.version))


def all_instruments() -> list[Instrument]:
    """The newest version of each instrument, ordered by code."""
    codes = sorted({c for c, _v in _instruments()})
    return [get_instrument(c) for c in codes]
