"""The format of the case categories file (``rights/categories.json``) as pydantic models:
strict types, no unknown fields, and the rules between fields (a date compared with another
date field of the same category, a limitation counted from a date field that exists).
``categories.parse_categories`` turns the first error into ``CategoryFileError``."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from seafarers_home.lib.validation import FieldError


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def _code(value: str) -> str:
    if not re.fullmatch(r"[a-z][a-z0-9_]{1,30}", value):
        raise ValueError("must be lower-case letters, digits or _ (2–31 characters)")
    return value


def _currency(value: str) -> str:
    if not re.fullmatch(r"[A-Z]{3}", value):
        raise ValueError("must be an ISO 4217 code like CNY")
    return value


Text = Annotated[str, AfterValidator(_non_empty)]
Code = Annotated[str, AfterValidator(_code)]
Currency = Annotated[str, AfterValidator(_currency)]


class Spec(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class OptionSpec(Spec):
    value: Code
    label_zh: Text
    label_en: Text
    # Choosing this option makes the case urgent (no food or water aboard, still aboard
    # with the person who hurt them).
    urgent: bool = False


class FieldSpec(Spec):
    id: Code
    kind: Literal["text", "date", "integer", "money", "imo", "choice"]
    label_zh: Text
    label_en: Text
    help_zh: str = ""
    help_en: str = ""
    required: bool = False
    max_length: int = Field(default=120, ge=1, le=500)
    min: int = 0
    max: int = 1_000_000
    # A date that may not be earlier than this other date field (a contract's end).
    not_before: Code | None = None
    # A date that may lie ahead (a contract still running ends later); other dates are of
    # things that happened and may not be after today.
    future: bool = False
    options: list[OptionSpec] = []

    @model_validator(mode="after")
    def _options_for_choices(self) -> FieldSpec:
        if self.kind == "choice" and len(self.options) < 2:
            raise FieldError(("options",), "a choice needs at least two options")
        if self.kind != "choice" and self.options:
            raise FieldError(("options",), "only a choice has options")
        if self.not_before and self.kind != "date":
            raise FieldError(("not_before",), "only a date may name not_before")
        if self.future and self.kind != "date":
            raise FieldError(("future",), "only a date may be in the future")
        if len({o.value for o in self.options}) != len(self.options):
            raise FieldError(("options",), "option values must be unique")
        return self


class LimitationSpec(Spec):
    """A time limit that runs against the seafarer, with the law it comes from."""

    code: Code
    label_zh: Text
    label_en: Text
    years: int = Field(default=0, ge=0, le=30)
    months: int = Field(default=0, ge=0, le=120)
    from_field: Code
    # Counted from this date field instead when the seafarer gave it: wages owed while still
    # employed run from the end of the employment (劳动争议调解仲裁法 Art. 27, para. 4).
    from_field_when_given: Code | None = None
    source_zh: Text
    source_en: Text
    note_zh: str = ""
    note_en: str = ""

    @model_validator(mode="after")
    def _some_period(self) -> LimitationSpec:
        if not self.years and not self.months:
            raise FieldError(("years",), "a limitation needs years or months")
        return self


class CategorySpec(Spec):
    code: Code
    label_zh: Text
    label_en: Text
    blurb_zh: Text
    blurb_en: Text
    # Common fields this category requires (the employer of a wage claim).
    require: list[Code] = []
    # A whole crew may claim together (an invite code lets crewmates join the case).
    crew: bool = False
    fields: list[FieldSpec] = []
    limitations: list[LimitationSpec] = []


class CategoriesFile(Spec):
    version: Text
    # Who must still sign the limitation table off; shown to legal workers.
    review_zh: Text
    review_en: Text
    currencies: list[Currency] = Field(min_length=1)
    common_fields: list[FieldSpec]
    categories: list[CategorySpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _references(self) -> CategoriesFile:
        common = {f.id: f for f in self.common_fields}
        codes: set[str] = set()
        for n, category in enumerate(self.categories):
            where = ("categories", n)
            if category.code in codes:
                raise FieldError((*where, "code"), f"{category.code} appears twice")
            codes.add(category.code)
            fields = {**common}
            for m, spec in enumerate(category.fields):
                if spec.id in fields:
                    raise FieldError((*where, "fields", m, "id"), f"{spec.id} appears twice")
                fields[spec.id] = spec
            for m, name in enumerate(category.require):
                if name not in common:
                    raise FieldError((*where, "require", m), f"{name} is not a common field")
            for m, spec in enumerate([*self.common_fields, *category.fields]):
                if spec.not_before and getattr(fields.get(spec.not_before), "kind", "") != "date":
                    raise FieldError(
                        (*where, "fields", m, "not_before"), f"{spec.not_before} is not a date"
                    )
            for m, limit in enumerate(category.limitations):
                for attribute in ("from_field", "from_field_when_given"):
                    name = getattr(limit, attribute)
                    if name is not None and getattr(fields.get(name), "kind", "") != "date":
                        raise FieldError(
                            (*where, "limitations", m, attribute),
                            f"{name} is not a date field of {category.code}",
                        )
        return self
