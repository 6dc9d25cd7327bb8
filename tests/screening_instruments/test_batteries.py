"""The default batteries from the data migration."""

from __future__ import annotations

import importlib

from django.apps import apps

from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import Battery

migration = importlib.import_module("seafarers_home.screening.migrations.0002_default_batteries")


def test_it_creates_the_default_batteries(db):
    pre = Battery.objects.get(code="pre-departure")
    assert pre.instrument_codes == ["phq9", "gad7", "who5", "auditc"]
    assert pre.is_pre_departure_default and pre.is_active
    pulse = Battery.objects.get(code="at-sea-pulse")
    assert pulse.instrument_codes == ["phq4", "who5"] and not pulse.is_pre_departure_default
    for battery in (pre, pulse):
        assert all(get_instrument(code) for code in battery.instrument_codes)


def test_it_is_idempotent_and_keeps_local_changes(db):
    Battery.objects.filter(code="pre-departure").update(name="本地名称")
    migration.create_batteries(apps, None)
    assert Battery.objects.filter(code__in=["pre-departure", "at-sea-pulse"]).count() == 2
    assert Battery.objects.get(code="pre-departure").name == "本地名称"
    assert Battery.objects.filter(is_pre_departure_default=True).count() == 1
