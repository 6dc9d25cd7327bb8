"""Every model that holds personal data is in a registered type (issue 16 item 17): a new
model with a user foreign key, or a phone number, that nobody registered fails here."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models

from seafarers_home.consent.personal_data import covered_models, personal_data_types

# Models that match the walk below but hold no one's personal data, or hold it where no type
# can reach it. Each entry says why.
NOT_PERSONAL = {
    # A ship's registration number, not a person's.
    "organisations.Vessel",
    # An institution's switchboard number (the clinic's, a company's), not a person's.
    "organisations.Organisation",
}
# Not found by the walk, named here so that the decision is written down:
# - sessions.Session holds a user id inside its encoded data. Erasure signs the person out and
#   deactivates the account; a session on another device then no longer authenticates
#   (inactive users are refused) and expires with SESSION_COOKIE_AGE.
# - django_tasks_db's task rows hold the arguments of queued tasks: row ids only (an alert, a
#   call, an appointment), never a name or a number.

PERSONAL_FIELD_WORDS = ("phone", "number")


def _points_at_a_person(model: type[models.Model]) -> bool:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # reverse relations are the other model's
        if field.is_relation and field.related_model is user_model:
            return True
        if isinstance(field, models.CharField) and any(
            word in field.name for word in PERSONAL_FIELD_WORDS
        ):
            return True
    return model is user_model


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_holding_personal_data_is_in_a_registered_type() -> None:
    covered = covered_models()
    found = {_label(m) for m in apps.get_models() if _points_at_a_person(m)}
    missing = sorted(found - set(covered) - NOT_PERSONAL)
    assert missing == [], f"register these in a personal data type: {missing}"
    # The walk must see the obvious ones, or it checks nothing.
    assert {"accounts.User", "screening.Response", "hotline.CallbackRequest"} <= found


def test_the_registry_names_only_real_models() -> None:
    for label in covered_models():
        apps.get_model(label)  # raises LookupError on a typo or a removed model
    assert not NOT_PERSONAL & set(covered_models())


def test_every_type_that_names_models_can_be_exported() -> None:
    for data_type in personal_data_types():
        assert callable(data_type.export)
        assert data_type.help_text, f"{data_type.key} needs a help text for the my-data page"
