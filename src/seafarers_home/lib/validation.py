"""pydantic errors as one plain sentence that names the field: ``items[3].options[1].value: must
be an integer``. Used for our data files (instruments, the care plan), where a start-up error
must point at the line to fix, and for WebSocket frames, where the error is logged.

A model validator that checks several fields together raises ``FieldError`` with the field's
location *below the model*, so the message points at that field, not at the whole model.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails


class FieldError(ValueError):
    """A cross-field rule broken at ``loc`` (relative to the model that raises it)."""

    def __init__(self, loc: Sequence[str | int], message: str) -> None:
        self.loc = tuple(loc)
        self.message = message
        super().__init__(message)


def field_path(loc: Sequence[str | int]) -> str:
    """("items", 3, "options", 1, "value") → "items[3].options[1].value"."""
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _message(error: ErrorDetails) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "too_short" and ctx.get("min_length") == 1:
        return "must be a non-empty list"
    fixed = {
        "missing": "is required",
        "extra_forbidden": "is not a known field",
        "int_type": "must be an integer",
        "int_parsing": "must be an integer",
        "int_from_float": "must be an integer",
        "bool_type": "must be true or false",
        "bool_parsing": "must be true or false",
        "float_type": "must be a number",
        "string_type": "must be a string",
        "list_type": "must be a list",
        "dict_type": "must be an object",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
        "too_short": f"must have at least {ctx.get('min_length')} entries",
        "too_long": f"must have at most {ctx.get('max_length')} entries",
        "string_too_long": f"must be at most {ctx.get('max_length')} characters",
        "greater_than_equal": f"must be at least {ctx.get('ge')}",
        "less_than_equal": f"must be at most {ctx.get('le')}",
        "less_than": f"must be below {ctx.get('lt')}",
        "literal_error": f"must be one of {ctx.get('expected')}",
        "union_tag_invalid": f"must be one of {ctx.get('expected_tags')}",
        "union_tag_not_found": "is required",
    }
    return fixed.get(kind, error["msg"])


def describe(error: ErrorDetails) -> tuple[str, str]:
    """(field path, message) of one pydantic error."""
    loc = tuple(error["loc"])
    raised = error.get("ctx", {}).get("error")
    if isinstance(raised, FieldError):
        return field_path(loc + raised.loc), raised.message
    return field_path(loc), _message(error)


def first_problem(exc: ValidationError) -> tuple[str, str]:
    """The first error, in field order: (field path, message)."""
    return describe(exc.errors(include_url=False)[0])
