"""The ``date`` filter without Django's formatter for the formats the templates use.

``{{ value|date:"Y-m-d H:i" }}`` runs Django's whole date formatter: the format looked up among
the locale's named formats, split with a regular expression, one method call per letter, the
result joined — about 130 Python calls per date. The clinicians' queues print two or three per
row on 50 rows, the history pages one per row. The templates use a few fixed formats built of
``Y m d H i s`` and separators, whose output depends only on the date's numbers: those are
formatted from a template string compiled once per format. Anything else (another letter, a
backslash escape, no format, a value that is not exactly a ``date`` or ``datetime``, a ``date``
asked for hours) is Django's own filter, so the output, and the errors, are Django's.

``install()`` (from core's ``AppConfig.ready``, before any template is compiled) puts it in
place of Django's ``date`` in the built-in filter library, with the same flags (the engine hands
it datetimes already in the active time zone, ``expects_localtime``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.template import defaultfilters
from django.utils.dateformat import re_formatchars

# Django's codes for these letters: zero-padded numbers (django/utils/dateformat.py).
_NUMBERS = {
    "Y": "{0.year:04d}",
    "m": "{0.month:02d}",
    "d": "{0.day:02d}",
    "H": "{0.hour:02d}",
    "i": "{0.minute:02d}",
    "s": "{0.second:02d}",
}
_TIME_LETTERS = frozenset("His")

_django_date = defaultfilters.date
# Per format: (str.format template, whether it shows a time), or None: Django formats it.
_compiled: dict[str, tuple[str, bool] | None] = {}


def _compile(fmt: str) -> tuple[str, bool] | None:
    if "\\" in fmt:
        return None
    pieces = []
    for i, piece in enumerate(re_formatchars.split(fmt)):
        if i % 2 == 0:  # between the letters: literal text
            pieces.append(piece.replace("{", "{{").replace("}", "}}"))
        elif piece in _NUMBERS:
            pieces.append(_NUMBERS[piece])
        else:
            return None
    return "".join(pieces), bool(_TIME_LETTERS & set(fmt))


def date(value: Any, arg: str | None = None) -> Any:
    """Django's ``date`` filter, the same output; see the module's docstring."""
    kind = type(value)
    if arg and (kind is datetime.datetime or kind is datetime.date):
        try:
            compiled = _compiled[arg]
        except KeyError:
            compiled = _compiled[arg] = _compile(arg)
        if compiled is not None and not (kind is datetime.date and compiled[1]):
            return compiled[0].format(value)
    return _django_date(value, arg)


def install() -> None:
    defaultfilters.register.filter("date", date, expects_localtime=True, is_safe=False)
