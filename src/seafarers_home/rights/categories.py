"""The case categories and their fields, read from ``categories.json`` at start-up.

Each category lists its own fields (on top of the common ones: employer, vessel, IMO number,
flag, the date the seafarer learned of the problem) and the time limits that run against the
seafarer. ``RightsConfig.ready()`` loads the file: a malformed file stops the start-up rather
than take a case with the wrong questions. ``clean_details`` checks a submitted form against a
category and answers the values to store or a translated message per field.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from pydantic import ValidationError

from seafarers_home.lib.validation import first_problem
from seafarers_home.rights.category_schema import (
    CategoriesFile,
    CategorySpec,
    FieldSpec,
    LimitationSpec,
)

CATEGORIES_FILE = Path(__file__).resolve().parent / "categories.json"
AMOUNT_MAX = Decimal("100000000")  # a crew's claim, not a fleet's


class CategoryFileError(ImproperlyConfigured):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{CATEGORIES_FILE.name}: {path}: {message}")


def english() -> bool:
    return (get_language() or "zh-hans").lower().startswith("en")


def say(spec: object, name: str) -> str:
    """A spec's ``<name>_zh`` or ``<name>_en`` in the reader's language."""
    return getattr(spec, f"{name}_en" if english() else f"{name}_zh")


@dataclass(frozen=True)
class Category:
    spec: CategorySpec
    fields: tuple[FieldSpec, ...]  # the common ones first, each with its required flag

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def label(self) -> str:
        return say(self.spec, "label")

    @property
    def blurb(self) -> str:
        return say(self.spec, "blurb")

    @property
    def crew(self) -> bool:
        return self.spec.crew

    @property
    def limitations(self) -> list[LimitationSpec]:
        return list(self.spec.limitations)

    def field(self, field_id: str) -> FieldSpec | None:
        return next((f for f in self.fields if f.id == field_id), None)


@dataclass(frozen=True)
class Registry:
    file: CategoriesFile
    categories: dict[str, Category]


def parse_categories(data: object) -> Registry:
    try:
        spec = CategoriesFile.model_validate(data)
    except ValidationError as exc:
        raise CategoryFileError(*first_problem(exc)) from None
    categories = {}
    for category in spec.categories:
        common = tuple(
            f.model_copy(update={"required": True}) if f.id in category.require else f
            for f in spec.common_fields
        )
        categories[category.code] = Category(category, common + tuple(category.fields))
    return Registry(spec, categories)


_registry: list[Registry] = []


def load_categories(path: Path = CATEGORIES_FILE) -> Registry:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise CategoryFileError("", f"not valid JSON: {exc}") from exc
    registry = parse_categories(data)
    _registry[:] = [registry]
    return registry


def registry() -> Registry:
    return _registry[0] if _registry else load_categories()


def all_categories() -> list[Category]:
    return list(registry().categories.values())


def get_category(code: str) -> Category | None:
    return registry().categories.get(code)


def currencies() -> list[str]:
    return list(registry().file.currencies)


def review_note() -> str:
    return say(registry().file, "review")


# --- checking a submitted form ------------------------------------------------------------


def imo_is_valid(value: str) -> bool:
    """An IMO ship number: seven digits, the last the check digit (the first six times 7 to 2,
    summed, modulo 10)."""
    if not re.fullmatch(r"\d{7}", value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(value[6])


def _clean_imo(raw: str) -> str:
    value = re.sub(r"^IMO\s*", "", raw.strip().upper()).replace(" ", "")
    if not imo_is_valid(value):
        raise ValueError(_("IMO编号是7位数字,最后一位是校验位。请对照船舶证书核对。"))
    return value


def _clean_date(raw: str, *, future: bool) -> str:
    try:
        day = date.fromisoformat(raw.strip())
    except ValueError:
        raise ValueError(_("请按 年-月-日 填写日期,例如 2026-03-15。")) from None
    if not future and day > timezone.localdate():
        raise ValueError(_("日期不能晚于今天。"))
    if day.year < 1950 or day.year > timezone.localdate().year + 50:
        raise ValueError(_("请检查年份。"))
    return day.isoformat()


def _clean_integer(raw: str, spec: FieldSpec) -> str:
    # Full-width digits read as plain ones; a signed number ("-3") is an integer out of range,
    # said as such, not "not an integer".
    text = unicodedata.normalize("NFKC", raw).strip()
    if not re.fullmatch(r"[-+]?\d{1,7}", text):
        raise ValueError(_("请填写整数。"))
    number = int(text)
    if not spec.min <= number <= spec.max:
        raise ValueError(
            _("请填写 %(min)d 到 %(max)d 之间的数。") % {"min": spec.min, "max": spec.max}
        )
    return str(number)


def clean_amount(raw: str) -> Decimal:
    """A non-negative amount with at most two decimals (ValueError with a translated text)."""
    text = raw.strip().replace(",", "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("请填写金额数字,例如 12000 或 12000.50。")) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("金额不能是负数。"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(_("金额最多保留两位小数。"))
    if amount >= AMOUNT_MAX:
        raise ValueError(_("金额太大,请核对。"))
    return amount.quantize(Decimal("0.01"))


def clean_currency(raw: str) -> str:
    if raw.strip().upper() not in currencies():
        raise ValueError(_("请从列表中选择币种。"))
    return raw.strip().upper()


def _clean_one(spec: FieldSpec, raw: str, values: Mapping[str, str]) -> dict[str, str]:
    if spec.kind == "text":
        if len(raw) > spec.max_length:
            raise ValueError(_("太长了:最多 %(n)d 个字。") % {"n": spec.max_length})
        return {spec.id: raw}
    if spec.kind == "imo":
        return {spec.id: _clean_imo(raw)}
    if spec.kind == "date":
        return {spec.id: _clean_date(raw, future=spec.future)}
    if spec.kind == "integer":
        return {spec.id: _clean_integer(raw, spec)}
    if spec.kind == "choice":
        if raw not in {o.value for o in spec.options}:
            raise ValueError(_("请从给出的选项中选择。"))
        return {spec.id: raw}
    amount = clean_amount(raw)  # money
    currency = clean_currency(values.get(f"{spec.id}_currency", ""))
    return {spec.id: str(amount), f"{spec.id}_currency": currency}


def clean_details(
    category: Category, values: Mapping[str, str], *, complete: bool
) -> tuple[dict[str, str], dict[str, str]]:
    """``(details, errors)`` for the submitted ``values`` (keyed by field id). A draft
    (``complete`` False) may leave required fields empty; what it has must still be right."""
    details: dict[str, str] = {}
    errors: dict[str, str] = {}
    for spec in category.fields:
        raw = str(values.get(spec.id, "")).strip()
        if not raw:
            if spec.required and complete:
                errors[spec.id] = _("这一项必须填写。")
            continue
        try:
            details.update(_clean_one(spec, raw, values))
        except ValueError as exc:
            errors[spec.id] = str(exc)
    for spec in category.fields:
        before = details.get(spec.not_before or "")
        if spec.id in details and before and details[spec.id] < before:
            other = category.field(spec.not_before or "")
            errors[spec.id] = _("不能早于“%(other)s”。") % {"other": say(other, "label")}
    return details, errors


def is_urgent(category: Category, details: Mapping[str, str]) -> bool:
    """Whether a chosen option marks the case urgent (no food aboard, still aboard with the
    person who hurt them)."""
    for spec in category.fields:
        chosen = details.get(spec.id) if spec.kind == "choice" else None
        if chosen and any(o.urgent and o.value == chosen for o in spec.options):
            return True
    return False


def display_details(category: Category, details: Mapping[str, str]) -> list[tuple[str, str]]:
    """``(label, value)`` rows for a case page, choices by their label, money with currency."""
    rows = []
    for spec in category.fields:
        value = details.get(spec.id)
        if not value:
            continue
        if spec.kind == "choice":
            value = next((say(o, "label") for o in spec.options if o.value == value), value)
        elif spec.kind == "money":
            value = f"{value} {details.get(spec.id + '_currency', '')}".strip()
        rows.append((say(spec, "label"), value))
    return rows
