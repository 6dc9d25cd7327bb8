"""Every date and time input of every form renders in the ISO form browsers expect.

A browser's ``type=date`` input reads only ``YYYY-MM-DD`` and ``type=datetime-local`` only
``YYYY-MM-DDTHH:MM``; Django's default widgets format with the language's first input format
(``2026/12/05`` under zh-hans), which the browser shows as empty and a re-save then drops. The
forms are found by walking every module of the project (forms modules and views that define
their own forms), so a new form cannot escape the rule.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import re
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.utils import timezone, translation

import seafarers_home

DATE = dt.date(2026, 12, 5)
MOMENT = dt.datetime(2026, 12, 5, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
}
SKIPPED_PACKAGES = (".migrations", ".management")


def _form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module_info in pkgutil.walk_packages(seafarers_home.__path__, "seafarers_home."):
        if any(part in module_info.name for part in SKIPPED_PACKAGES):
            continue
        module = importlib.import_module(module_info.name)
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, forms.BaseForm)
                and obj.__module__ == module.__name__
            ):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[name] for name in sorted(found)]


def _is_date_field(field: forms.Field) -> bool:
    input_type = getattr(field.widget, "input_type", "")
    return isinstance(field, forms.DateField | forms.DateTimeField) or input_type in ISO


def _instance(form_class: type[forms.BaseForm], initial: dict) -> forms.BaseForm:
    try:
        return form_class(initial=initial)
    except TypeError:  # a form that needs more arguments: its declared fields alone
        form = form_class.__new__(form_class)
        forms.BaseForm.__init__(form, initial=initial)
        return form


def _date_forms() -> list[tuple[type[forms.BaseForm], list[str]]]:
    result = []
    for form_class in _form_classes():
        names = [name for name, f in _instance(form_class, {}).fields.items() if _is_date_field(f)]
        if names:
            result.append((form_class, names))
    return result


def _value(field: forms.Field) -> dt.date | dt.datetime:
    return MOMENT if isinstance(field, forms.DateTimeField) else DATE


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_input_of_every_form_is_rendered_in_iso_format(language: str) -> None:
    date_forms = _date_forms()
    # The walk finds the known ones (notes, reviews, voyages, the hotline, the audit filter...).
    assert len(date_forms) >= 15, [f.__name__ for f, _ in date_forms]
    wrong = []
    with translation.override(language), timezone.override(ZoneInfo("Asia/Shanghai")):
        for form_class, names in date_forms:
            probe = _instance(form_class, {})
            initial = {name: _value(probe.fields[name]) for name in names}
            form = _instance(form_class, initial)
            for name in names:
                field = form.fields[name]
                html = str(form[name])
                input_type = field.widget.input_type
                match = re.search(r'value="([^"]*)"', html)
                rendered = match.group(1) if match else ""
                label = f"{form_class.__module__}.{form_class.__name__}.{name}"
                if input_type not in ISO:
                    wrong.append(f"{label}: type={input_type}, not a date picker")
                elif not ISO[input_type].match(rendered):
                    wrong.append(f"{label}: {rendered!r} in {html}")
                elif field.clean(rendered) != initial[name]:
                    # What the browser sends back is the same date: a re-save keeps it.
                    wrong.append(f"{label}: {rendered!r} reads back as {field.clean(rendered)!r}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.django_db
def test_a_saved_follow_up_date_survives_a_resave_of_the_note_in_chinese(world) -> None:
    """The defect as a clinician met it: the note form showed the follow-up date empty, and
    saving the form again dropped it."""
    from django.test import Client

    from seafarers_home.consultations.models_clinical import ConsultationNote
    from tests.consultations_room.conftest import make_appointment
    from tests.personas import login

    appointment = make_appointment(world, starts_in=dt.timedelta(hours=-1))
    client = login(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), world.clinician)
    url = f"/consultations/appointments/{appointment.pk}/note/"
    client.post(url, {"note": "第一次记录。", "follow_up_on": "2026-12-20"})
    html = client.get(url).content.decode()
    shown = re.search(r'<input type="date" name="follow_up_on" value="([^"]*)"', html)
    assert shown and shown.group(1) == "2026-12-20", html
    client.post(url, {"note": "补充记录。", "follow_up_on": shown.group(1)})
    note = ConsultationNote.objects.get(appointment=appointment)
    assert note.follow_up_on == dt.date(2026, 12, 20)


def test_date_inputs_written_by_hand_in_templates_use_the_iso_format() -> None:
    """A template's own ``<input type=date>`` formats its value with 'Y-m-d' (or ISO 'c')."""
    from pathlib import Path

    root = Path(seafarers_home.__path__[0])
    inputs = []
    for template in root.rglob("templates/**/*.html"):
        for tag in re.findall(
            r'<input[^>]*type="(?:date|datetime-local)"[^>]*>', template.read_text()
        ):
            inputs.append((template.name, tag))
            value = re.search(r'value="([^"]*)"', tag)
            if value and "{{" in value.group(1):
                assert re.search(r"\|date:['\"](Y-m-d|Y-m-d\\\\TH:i)['\"]", value.group(1)), (
                    template,
                    tag,
                )
    assert inputs  # the voyage page's departure and return days
