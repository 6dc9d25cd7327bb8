"""Date and time inputs that browsers can read under every interface language.

A browser's ``<input type="date">`` accepts only ``YYYY-MM-DD`` and ``type="datetime-local"``
only ``YYYY-MM-DDTHH:MM``, whatever language the page is in. Django's own widgets format a value
with the active locale's first input format: ``2026/12/05`` under zh-hans, which the browser
shows as an empty field, so a re-saved form silently dropped its date. These widgets always use
the ISO forms (which every locale also parses back). ``core.inputs.DateField`` and
``DateTimeField`` use them by default; ``tests/core/test_date_inputs.py`` renders every form with
a date under both languages.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"
ISO_DATETIME_LOCAL = "%Y-%m-%dT%H:%M"
# What a date-time field accepts: the browser's datetime-local value, or typed with a space.
DATETIME_INPUT_FORMATS = [ISO_DATETIME_LOCAL, "%Y-%m-%d %H:%M"]


class IsoDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATE)


class IsoDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, object] | None = None) -> None:
        super().__init__(attrs, format=ISO_DATETIME_LOCAL)
