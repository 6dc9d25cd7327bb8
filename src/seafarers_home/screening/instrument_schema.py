"""The format of an instrument file (``screening/instruments/*.json``, described in that folder's
README) as pydantic models: strict types (``"1"`` is not a score, ``true`` is not a number),
no unknown fields (a misspelt ``"safty"`` must not silently drop a safety item), and the rules
between fields that make a scale score correctly. ``instruments.parse_instrument`` turns the
first error into ``InstrumentFileError`` naming the file and the field.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from seafarers_home.lib.validation import FieldError


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _matching(pattern: str, message: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise ValueError(message)
        return value

    return AfterValidator(check)


def _number(value: object) -> object:
    # bool is an int subclass in Python: true/false is not a band limit.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    return value


def _loinc(value: object) -> object:
    if not isinstance(value, dict) or not all(
        isinstance(code, str) and re.match(r"^\d{1,7}-\d$", code) for code in value.values()
    ):
        raise ValueError('must map names to LOINC codes like "44261-6"')
    return value


def _unique_values(options: list[OptionSpec]) -> list[OptionSpec]:
    values = [option.value for option in options]
    if len(set(values)) != len(values):
        raise ValueError("option values must be unique")
    if len(options) < 2:
        raise ValueError("must have at least two options")
    return options


Text = Annotated[str, AfterValidator(_non_empty)]
Number = Annotated[int | float, BeforeValidator(_number)]
Code = Annotated[
    str,
    _matching(
        r"^[a-z][a-z0-9_]{1,19}$", "must be lower-case letters, digits or _ (2–20 characters)"
    ),
]
Version = Annotated[
    str,
    _matching(
        r"^[0-9][0-9A-Za-z.\-]{0,19}$", "must start with a digit (e.g. 1.0), at most 20 characters"
    ),
]
ItemId = Annotated[str, _matching(r"^[a-z0-9_]{1,40}$", "must be lower-case letters, digits or _")]


class Spec(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class OptionSpec(Spec):
    value: int
    label_zh: Text
    label_en: Text


Options = Annotated[list[OptionSpec], AfterValidator(_unique_values)]


class ItemSpec(Spec):
    id: ItemId
    text_zh: Text
    text_en: Text
    options: Options | None = None  # None: the instrument-wide options
    reverse: bool = False
    safety: bool = False
    # False: asked but not part of the total (PC-PTSD-5's trauma-exposure question).
    scored: bool = True
    # When this item is answered with this value the items after it are not asked (and count
    # nothing): PC-PTSD-5 stops after "no" to the trauma question.
    skip_rest_if: int | None = None


class ScoringSpec(Spec):
    method: Literal["sum"]
    multiplier: int = Field(default=1, ge=1)


class MissingSpec(Spec):
    method: Literal["none", "prorate"]
    max_missing: int = 0


class BandSpec(Spec):
    code: Text
    min: Number
    max: Number
    label_zh: Text
    label_en: Text
    meaning_zh: Text
    meaning_en: Text


class InstrumentSpec(Spec):
    code: Code
    version: Version
    title_zh: Text
    title_en: Text
    recall_zh: Text
    recall_en: Text
    options: Options | None = None
    items: list[ItemSpec] = Field(min_length=1)
    scoring: ScoringSpec
    missing: MissingSpec
    bands: list[BandSpec] = Field(min_length=1)
    licence: Text
    loinc: Annotated[dict[str, str], BeforeValidator(_loinc)] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list)
    # The Chinese text is our own translation, not yet reviewed by a clinician: the clinician
    # pages say so next to the instrument.
    zh_needs_review: bool = False
    # Given only when assigned (an incident's response plan, a clinician), never offered as a
    # self-check or in a crew campaign, and left out of the company and union band reports
    # (the people who take it are an identifiable group).
    assigned_only: bool = False

    def item_options(self, n: int) -> list[OptionSpec]:
        return self.items[n].options or self.options or []

    @model_validator(mode="after")
    def _between_fields(self) -> InstrumentSpec:
        self._check_items()
        self._check_missing()
        self._check_bands()
        return self

    def _check_items(self) -> None:
        seen: set[str] = set()
        skipping = False
        for n, item in enumerate(self.items):
            if item.id in seen:
                raise FieldError(("items", n, "id"), f"duplicate item id {item.id!r}")
            seen.add(item.id)
            if item.options is None and self.options is None:
                raise FieldError(
                    ("items", n, "options"), "is required (no instrument-wide options)"
                )
            if item.safety and skipping:
                raise FieldError(("items", n, "safety"), "a safety item cannot be skipped")
            if item.skip_rest_if is not None:
                values = [option.value for option in self.item_options(n)]
                if item.skip_rest_if not in values:
                    raise FieldError(("items", n, "skip_rest_if"), "must be one of its options")
                if n == len(self.items) - 1:
                    raise FieldError(("items", n, "skip_rest_if"), "the last item has no rest")
                skipping = True
        if not any(item.scored for item in self.items):
            raise FieldError(("items",), "at least one item must be scored")

    def _check_missing(self) -> None:
        branching = any(not i.scored or i.skip_rest_if is not None for i in self.items)
        if branching and self.missing.method != "none":
            raise FieldError(
                ("missing", "method"), "must be none when an item is unscored or skips the rest"
            )
        if not 0 <= self.missing.max_missing < len(self.items):
            raise FieldError(
                ("missing", "max_missing"), "must be between 0 and the number of items - 1"
            )
        if self.missing.method == "none" and self.missing.max_missing:
            raise FieldError(("missing", "max_missing"), "must be 0 when missing.method is none")

    def _check_bands(self) -> None:
        """Bands are ordered, do not overlap, leave no gap and cover min..max exactly.

        Totals are whole numbers (sums, prorated totals are rounded), so "no gap" means the
        next band starts one above the previous band's maximum."""
        options = [
            [o.value for o in self.item_options(n)]
            for n, item in enumerate(self.items)
            if item.scored
        ]
        lowest = sum(min(values) for values in options) * self.scoring.multiplier
        highest = sum(max(values) for values in options) * self.scoring.multiplier
        bands, last = self.bands, len(self.bands) - 1
        if bands[0].min != lowest:
            raise FieldError(("bands", 0, "min"), f"must equal the lowest possible total {lowest}")
        if bands[last].max != highest:
            raise FieldError(
                ("bands", last, "max"), f"must equal the highest possible total {highest}"
            )
        codes: set[str] = set()
        for n, band in enumerate(bands):
            if band.min > band.max:
                raise FieldError(("bands", n, "max"), "must not be below min")
            if band.code in codes:
                raise FieldError(("bands", n, "code"), f"duplicate band code {band.code!r}")
            codes.add(band.code)
            if n and band.min != bands[n - 1].max + 1:
                expected = bands[n - 1].max + 1
                raise FieldError(("bands", n, "min"), f"must be {expected} (previous max + 1)")
