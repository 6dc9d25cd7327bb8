"""Bounds on what comes from outside: dates and times, NUL characters, CSV cells.

One window for every date and time that a person, a client or another system sends us (web
forms, the API, the phone system's webhook, CSV imports): 1900-01-01 to 2100-12-31. Inside
it every value converts to and from any time zone (Python's ``datetime`` ends at year 9999;
``9999-12-31T23:59:59-14:00`` is year 10000 in UTC, which PostgreSQL stores and Python
cannot read back) and every day count fits. Nothing the platform does lies outside it: birth
dates start after 1900, voyages and appointments are decades away at most.

NUL characters: PostgreSQL refuses them in text, so a NUL that reaches a query is a server
error. ``core.input_guard`` refuses them in every request; ``read_csv`` in uploaded files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Annotated, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from pydantic import AfterValidator, AwareDatetime, Field
from pydantic_core import PydanticCustomError

from seafarers_home.core.widgets import IsoDateInput, IsoDateTimeInput

EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
EARLIEST = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(2101, 1, 1, tzinfo=dt.UTC)  # exclusive: the end of LATEST_DATE

# Python's csv module has this default limit too; a longer cell is refused, not truncated.
CSV_CELL_LIMIT = 131_072


class InputRefused(ValueError):
    """A value from outside that we do not store; ``message`` is translated for people."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _out_of_window() -> str:
    return _("日期超出允许范围(%(earliest)s 至 %(latest)s)。") % {
        "earliest": EARLIEST_DATE.isoformat(),
        "latest": LATEST_DATE.isoformat(),
    }


def check_date(value: dt.date) -> dt.date:
    """``value`` if it lies in the window; a datetime is checked as a moment in time."""
    if isinstance(value, dt.datetime):
        return check_datetime(value)
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise InputRefused(_out_of_window(), "date_out_of_range")
    return value


def check_datetime(value: dt.datetime) -> dt.datetime:
    """``value`` if it lies in the window. A naive value is read as UTC: close to the edges,
    any zone's offset would not move it back inside."""
    moment = value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    try:
        inside = EARLIEST <= moment < LATEST
    except OverflowError:  # the comparison converts to UTC, which may leave year 1..9999
        inside = False
    if not inside:
        raise InputRefused(_out_of_window(), "date_out_of_range")
    return value


def parse_aware_datetime(text: Any) -> dt.datetime:
    """An ISO 8601 date and time with a UTC offset, inside the window (machine input)."""
    try:
        value = dt.datetime.fromisoformat(str(text))
    except ValueError as error:
        raise InputRefused(_("日期时间格式不正确。"), "datetime_parsing") from error
    if value.tzinfo is None:
        raise InputRefused(_("日期时间须带时区(UTC 偏移)。"), "timezone_aware")
    return check_datetime(value)


def has_nul(text: str) -> bool:
    return "\x00" in text


def nul_message() -> str:
    return _("内容中含有不允许的空字符(NUL),请删除后重试。")


def within_window(queryset: QuerySet, field: str) -> QuerySet:
    """Rows whose ``field`` lies in the window (or is empty). Pages that list rows from
    outside use it so that one bad row stored before the bounds existed (a year-10000 time
    that the database holds and Python cannot read) cannot take the page down."""
    inside = Q(**{f"{field}__gte": EARLIEST, f"{field}__lt": LATEST})
    return queryset.filter(inside | Q(**{f"{field}__isnull": True}))


# -- pydantic (the API) ----------------------------------------------------------------------


def _pydantic_check(value: dt.date) -> dt.date:
    try:
        return check_date(value)
    except InputRefused as error:
        raise PydanticCustomError(error.code, error.message) from None


# The API's date and time types: use them for every date or time a client sends.
SaneDatetime = Annotated[AwareDatetime, AfterValidator(_pydantic_check)]
SaneDate = Annotated[dt.date, AfterValidator(_pydantic_check)]


def _pydantic_text(value: str) -> str:
    if has_nul(value):
        raise PydanticCustomError("nul_character", nul_message())
    try:
        value.encode("utf-8")  # a lone surrogate from a JSON "\\ud800" is not storable text
    except UnicodeEncodeError:
        message = _("内容中含有无法保存的字符,请删除后重试。")
        raise PydanticCustomError("not_utf8", message) from None
    return value


# The API's text type for everything a client sends that is stored or searched: no NUL, and
# the OpenAPI document says so (a client, and schemathesis, can see the rule).
NO_NUL_PATTERN = "^[^\\x00]*$"
Text = Annotated[
    str, AfterValidator(_pydantic_text), Field(json_schema_extra={"pattern": NO_NUL_PATTERN})
]


# -- Django forms ----------------------------------------------------------------------------


def validate_in_window(value: dt.date | None) -> None:
    if value is None:
        return
    try:
        check_date(value)
    except InputRefused as error:
        raise ValidationError(error.message, code=error.code) from None


class DateField(forms.DateField):
    """A form's date: in the window, or a field error."""

    default_validators = [validate_in_window]
    # ISO in every language: the locale's 2026/12/05 is an empty field to a browser.
    widget = IsoDateInput

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except OverflowError:  # e.g. a year beyond 9999
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class DateTimeField(forms.DateTimeField):
    """A form's date and time: in the window, or a field error (never an overflow while the
    value is made aware in the user's zone)."""

    default_validators = [validate_in_window]
    widget = IsoDateTimeInput

    def to_python(self, value: Any) -> dt.datetime | None:
        try:
            return super().to_python(value)
        except (OverflowError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


# -- CSV -------------------------------------------------------------------------------------


def read_csv(text: str) -> list[list[str]]:
    """The rows of an uploaded CSV text. Raises ``InputRefused`` naming the line for a NUL
    character or a cell over CSV_CELL_LIMIT characters (the csv module's own error would
    otherwise surface as a server error)."""
    reader = csv.reader(io.StringIO(text))
    rows: list[list[str]] = []
    try:
        for row in reader:
            for cell in row:
                if has_nul(cell):
                    raise InputRefused(
                        _("第 %(row)d 行含有空字符(NUL):请检查文件。") % {"row": reader.line_num},
                        "csv_nul",
                    )
            rows.append(row)
    except csv.Error as error:
        message = _("第 %(row)d 行无法读取:单元格过长(最多 %(limit)d 个字符)或格式有误。")
        raise InputRefused(
            message % {"row": reader.line_num, "limit": CSV_CELL_LIMIT}, "csv_unreadable"
        ) from error
    return rows
