"""``get_<field>_display()`` from a table kept per field and language.

Django's ``Model._get_FIELD_display`` rebuilds the field's whole choices dictionary on every
call, and building it hashes every label: each label is a lazy translation, so one display of a
ten-choice field runs ten catalogue look-ups. The clinicians' queues show three labels on each
of 50 rows: 150 dictionaries built per page, a third of the message-board queue's function
calls (bench/README.md). A field's choices are fixed when the model is defined, so the table
of labels depends only on the field and the active language, and is built once for each.

Models take it by inheriting ``ChoiceLabels`` before ``models.Model`` (``TimestampedModel``
does): Django binds ``get_<field>_display`` to the class's ``_get_FIELD_display`` when the
field is added to the class, so the method found first in the bases is the one bound.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Field
from django.utils import translation
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels: dict[tuple[Field[Any, Any], str | None], dict[Any, Any]] = {}


def choice_label(field: Field[Any, Any], value: Any) -> Any:
    """What Django's ``get_<field>_display`` answers for ``value``: the label of the choice in
    the active language, or the value itself when it is not one of the choices."""
    key = (field, translation.get_language())
    labels = _labels.get(key)
    if labels is None:
        labels = {
            make_hashable(choice): force_str(label, strings_only=True)
            for choice, label in field.flatchoices
        }
        # Choices from a callable may change from one call to the next: never kept.
        if not isinstance(field.choices, CallableChoiceIterator):
            _labels[key] = labels
    try:
        return labels[make_hashable(value)]
    except KeyError:
        return force_str(value, strings_only=True)


class ChoiceLabels:
    """Mixin for a model (before ``models.Model`` in its bases): ``get_<field>_display()``
    through ``choice_label``."""

    def _get_FIELD_display(self, field: Field[Any, Any]) -> Any:
        return choice_label(field, getattr(self, field.attname))
