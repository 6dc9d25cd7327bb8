"""An action's refusal put back on the form it came from.

Actions check the rules between fields and raise their errors as ``{field: translated text}``
(``CourseInvalid``, ``JobInvalid``, ``RecordInvalid`` …); views show them on the fields they
name, and on the form as a whole when the name is not a field of this form.
"""

from __future__ import annotations

from django import forms


def add_errors(form: forms.Form, errors: dict[str, str], *, beside_own: bool = False) -> None:
    """Each of ``errors`` on its field (or the whole form). ``beside_own``: the form refused
    some fields itself; a field that has its own error keeps that one alone (the rules between
    fields, said in the same round as the form's errors, for the fields it accepted)."""
    for field, message in errors.items():
        if beside_own and field in form.errors:
            continue
        form.add_error(field if field in form.fields else None, message)
