"""Screening instruments as data: loading, strict validation (pydantic models of the file
format in ``instrument_schema.py``) and the registry.

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
from pydantic import ValidationError

from seafarers_home.lib.validation import first_problem
from seafarers_home.screening.instrument_schema import InstrumentSpec, OptionSpec

INSTRUMENTS_DIR = Path(__file__).resolve().parent / "instruments"


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
    scored: bool = True
    skip_rest_if: int | None = None

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
    zh_needs_review: bool = False
    assigned_only: bool = False

    @property
    def title(self) -> str:
        return self.title_en if _english() else self.title_zh

    @property
    def recall(self) -> str:
        return self.recall_en if _english() else self.recall_zh

    @property
    def min_total(self) -> int:
        return sum(min(i.values) for i in self.items if i.scored) * self.multiplier

    @property
    def max_total(self) -> int:
        return sum(max(i.values) for i in self.items if i.scored) * self.multiplier

    def asked(self, answers: dict[str, object]) -> list[Item]:
        """The items asked given ``answers``: all of them, up to and including an item answered
        with its ``skip_rest_if`` value (PC-PTSD-5: "no" to the trauma question ends it)."""
        for n, item in enumerate(self.items):
            value = answers.get(item.id)
            if item.skip_rest_if is not None and value == item.skip_rest_if:
                return self.items[: n + 1]
        return list(self.items)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def band_for(self, total: float) -> Band | None:
        return next((b for b in self.bands if b.covers(total)), None)


# --- validation (the file format: instrument_schema.py) ----------------------------------


def _options(specs: list[OptionSpec]) -> list[Option]:
    return [Option(value=o.value, label_zh=o.label_zh, label_en=o.label_en) for o in specs]


def parse_instrument(data: Any, filename: str) -> Instrument:
    """Validate one parsed instrument file strictly and build the Instrument."""
    try:
        spec = InstrumentSpec.model_validate(data)
    except ValidationError as exc:
        raise InstrumentFileError(filename, *first_problem(exc)) from None
    return Instrument(
        code=spec.code,
        version=spec.version,
        title_zh=spec.title_zh,
        title_en=spec.title_en,
        recall_zh=spec.recall_zh,
        recall_en=spec.recall_en,
        items=[
            Item(
                id=item.id,
                text_zh=item.text_zh,
                text_en=item.text_en,
                options=_options(spec.item_options(n)),
                reverse=item.reverse,
                safety=item.safety,
                scored=item.scored,
                skip_rest_if=item.skip_rest_if,
            )
            for n, item in enumerate(spec.items)
        ],
        bands=[
            Band(
                code=b.code,
                min=b.min,
                max=b.max,
                label_zh=b.label_zh,
                label_en=b.label_en,
                meaning_zh=b.meaning_zh,
                meaning_en=b.meaning_en,
            )
            for b in spec.bands
        ],
        scoring_method=spec.scoring.method,
        multiplier=spec.scoring.multiplier,
        missing_method=spec.missing.method,
        max_missing=spec.missing.max_missing,
        licence=spec.licence,
        loinc=dict(spec.loinc),
        notes=list(spec.notes),
        source_file=filename,
        zh_needs_review=spec.zh_needs_review,
        assigned_only=spec.assigned_only,
    )


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


def assigned_only_codes() -> set[str]:
    """Codes of the instruments given only when assigned (``assigned_only`` in their file)."""
    return {code for (code, _v), i in _instruments().items() if i.assigned_only}


def all_instruments() -> list[Instrument]:
    """The newest version of each instrument, ordered by code."""
    codes = sorted({c for c, _v in _instruments()})
    return [get_instrument(c) for c in codes]
