"""What the scene APIs of issue 12 share (the wallet's, the courses' and the activities'): the
seafarers-only authentication, the 409 answer for rules a schema cannot state, and input types
that say in the OpenAPI document every rule the server applies to them, so that a request the
schema admits is never refused with 422 (tests/api/test_openapi.py checks this):

- ``Plain``: optional text, no NUL;
- ``Words``: text with at least one visible character and no NUL (the actions strip spaces and
  refuse what is left empty; the pattern says the same);
- ``Day``: a date as ``YYYY-MM-DD`` from 1900-01-01 to 2100-12-31 (core/inputs.py's window;
  the pattern spells the window and the calendar out, leap days included), text only;
- ``Count``: JSON's integer (``3`` or ``3.0``), not a numeral in a string nor a boolean.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from django.utils.translation import gettext_lazy as _
from ninja import Schema, Status
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from seafarers_home.api import auth
from seafarers_home.api.errors import error_responses
from seafarers_home.core.inputs import Text, check_date
from seafarers_home.permissions.roles import is_seafarer

MAX_ID = 2**63 - 1
NOT_A_SEAFARER = _("只有海员本人可以使用。")

# Whitespace as Python's str.strip() sees it (and NUL): a value must have one character more.
_BLANK = "\\x00-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
WORDS_PATTERN = f"^[^\\x00]*[^{_BLANK}][^\\x00]*$"
_MONTH_DAY = (
    "(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)"
    "|(?:0[13578]|1[02])-31)"
)
_LEAP_YEAR = "(?:19(?:0[48]|[2468][048]|[13579][26])|20(?:[02468][048]|[13579][26]))"
DAY_PATTERN = f"^(?:(?:(?:19|20)\\d\\d|2100)-{_MONTH_DAY}|{_LEAP_YEAR}-02-29)$"
_DAY = re.compile(DAY_PATTERN)


def _encodable(value: str) -> str:
    try:
        value.encode("utf-8")  # no lone surrogate: JSON may carry one, the database cannot
    except UnicodeEncodeError:
        raise PydanticCustomError("invalid_text", str(_("内容含有无法保存的字符。"))) from None
    return value


def _words(value: str) -> str:
    if not re.fullmatch(WORDS_PATTERN, value):
        raise PydanticCustomError("blank_text", str(_("请填写内容(不能只有空格)。")))
    return _encodable(value)


def _day_text(value: Any) -> Any:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise PydanticCustomError(
            "date_parsing", str(_("日期须写成 YYYY-MM-DD,在 1900-01-01 至 2100-12-31 之间。"))
        )
    return value


def _in_window(value: datetime.date) -> datetime.date:
    return check_date(value)


Words = Annotated[str, AfterValidator(_words), Field(json_schema_extra={"pattern": WORDS_PATTERN})]
# Optional free text (may be empty): no NUL (core/inputs.Text), nothing unstorable.
Plain = Annotated[Text, AfterValidator(_encodable)]
Day = Annotated[
    datetime.date,
    BeforeValidator(_day_text),
    AfterValidator(_in_window),
    Field(json_schema_extra={"pattern": DAY_PATTERN}),
]


def _whole_number(value: Any) -> Any:
    """JSON's integer: 3 or 3.0, never "3" nor true (what the schema's ``integer`` admits)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", str(_("请填写整数。")))
    if isinstance(value, float):
        if not value.is_integer():
            raise PydanticCustomError("int_type", str(_("请填写整数。")))
        return int(value)
    return value


Count = Annotated[int, BeforeValidator(_whole_number)]


# 403 before the body is read: an officer learns nothing from a 422.
SEAFARER_AUTH = auth.role_auth(is_seafarer, NOT_A_SEAFARER)


class RefusedOut(Schema):
    detail: str
    code: str = Field(
        ...,
        description="`invalid` (see `errors`) or the refusal's own code (`deadline`, `full`, "
        "`already`, …)",
    )
    errors: dict[str, str] = Field(
        default_factory=dict, description="A translated message per field, where one is wrong."
    )


# The answers of a write: 409 for what the service refuses of a schema-valid request.
WRITE_ERRORS: dict[int, Any] = {**error_responses(401, 403, 404, 422), 409: RefusedOut}
READ_ERRORS: dict[int, Any] = error_responses(401, 403, 404, 422)


def refused(code: str, message: Any, errors: dict[str, Any] | None = None) -> Status:
    """409: the service's own rules refused a schema-valid request; nothing was stored."""
    fields = {name: str(text) for name, text in (errors or {}).items()}
    return Status(409, {"detail": str(message), "code": code, "errors": fields})


def invalid(errors: dict[str, Any]) -> Status:
    """409 ``invalid``: fields that contradict each other (rules no schema can state)."""
    return refused("invalid", " ".join(str(text) for text in errors.values()), errors)
