from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.screening.models import Battery
from tests.personas import World, give_health_consent, login

BATTERIES = {
    "pre-departure": ("出海前心理CT", ["phq9", "gad7", "who5", "auditc"], True),
    "at-sea-pulse": ("海上心理简测", ["phq4", "who5"], False),
}


def answers_for(instrument_code: str, value: int = 0) -> dict[str, str]:
    from seafarers_home.screening.instruments import get_instrument

    instrument = get_instrument(instrument_code)
    # Safety items stay at their lowest option: a crisis answer is set explicitly by a test.
    return {
        item.id: str(min(item.values) + (0 if item.safety else value)) for item in instrument.items
    }


@pytest.fixture
def batteries(db: None) -> dict[str, Battery]:
    found = {}
    for code, (name, codes, default) in BATTERIES.items():
        found[code], _ = Battery.objects.get_or_create(
            code=code,
            defaults={"name": name, "instrument_codes": codes, "is_pre_departure_default": default},
        )
    return found


@pytest.fixture
def seafarer_client(world: World, batteries: dict[str, Battery]) -> Client:
    give_health_consent(world.persona("seafarer"))
    return login(Client(), world.persona("seafarer"))
