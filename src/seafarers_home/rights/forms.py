"""What the report form shows for a category: one row per field with its current value and
error, built from the categories file (no Django form: the fields are data)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import QueryDict

from seafarers_home.rights.categories import Category, currencies, say

FIELD_PREFIX = "f_"


def posted_values(post: QueryDict) -> dict[str, str]:
    """The category's fields as posted (``f_<id>`` and ``f_<id>_currency``), by field id."""
    return {k[len(FIELD_PREFIX) :]: v for k, v in post.items() if k.startswith(FIELD_PREFIX)}


def field_rows(
    category: Category, values: Mapping[str, str], errors: Mapping[str, str]
) -> list[dict[str, Any]]:
    rows = []
    for spec in category.fields:
        rows.append(
            {
                "id": spec.id,
                "name": FIELD_PREFIX + spec.id,
                "kind": spec.kind,
                "label": say(spec, "label"),
                "help": say(spec, "help"),
                "required": spec.required,
                "max_length": spec.max_length,
                "min": spec.min,
                "max": spec.max,
                "value": _date_or_text(values.get(spec.id, ""))
                if spec.kind == "date"
                else values.get(spec.id, ""),
                "currency": values.get(f"{spec.id}_currency", "CNY"),
                "error": errors.get(spec.id, ""),
                "options": [(o.value, say(o, "label")) for o in spec.options],
            }
        )
    return rows


def _date_or_text(value: str) -> date | str:
    """A date field's value as a date (the template writes it ISO, as browsers read it), or
    the text as typed when it is not one (shown back with its error)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return value


def currency_choices() -> list[str]:
    return currencies()
