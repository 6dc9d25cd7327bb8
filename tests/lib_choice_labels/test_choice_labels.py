"""``get_<field>_display()`` from a table per field and language (lib/choice_labels.py): for
every field with choices on every model of the project, the same label as Django's own method,
in both languages, for every choice and for a value that is none of them."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models
from django.utils import translation

from seafarers_home.inquiries.models import Question, Urgency
from seafarers_home.lib.choice_labels import ChoiceLabels

NOT_A_CHOICE = "not-a-choice"


def _fields_with_choices() -> list[tuple[type[models.Model], models.Field[Any, Any]]]:
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("seafarers_home.")
        for field in model._meta.concrete_fields
        if field.choices
    ]


def test_it_answers_what_django_answers_for_every_field_with_choices_in_both_languages():
    fields = _fields_with_choices()
    assert len(fields) > 50  # the project's own models, not an empty loop
    for language in ("zh-hans", "en", "zh-hans"):
        with translation.override(language):
            for model, field in fields:
                instance = model()
                display = getattr(instance, f"get_{field.name}_display")
                for value in [choice for choice, _label in field.flatchoices] + [NOT_A_CHOICE]:
                    setattr(instance, field.attname, value)
                    assert display() == models.Model._get_FIELD_display(instance, field), (
                        model,
                        field.name,
                        value,
                    )


def test_every_model_with_choices_shown_takes_the_table():
    # A model that does not inherit ChoiceLabels (TimestampedModel and User do) would quietly
    # rebuild its choices on every display again. MonthlyUsage's choices are never shown.
    slow = {
        model.__name__
        for model, _field in _fields_with_choices()
        if not issubclass(model, ChoiceLabels)
    }
    assert slow == {"MonthlyUsage"}


def test_a_label_follows_the_active_language_from_one_call_to_the_next():
    question = Question(urgency=Urgency.URGENT_MENTAL)
    with translation.override("zh-hans"):
        chinese = question.get_urgency_display()
    with translation.override("en"):
        english = question.get_urgency_display()
    with translation.override("zh-hans"):
        assert question.get_urgency_display() == chinese
    assert chinese != english and english.isascii() and not chinese.isascii()
