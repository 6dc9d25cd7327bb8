from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.services import current_document, do_accept_consent
from seafarers_home.screening.models import Battery
from tests.personas import World, login

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


def give_health_consent(user: Any) -> None:
    from seafarers_home.consent.models import ConsentDocument

    document = current_document(ConsentKind.HEALTH_DATA)
    if document is None:
        document = ConsentDocument.objects.create(
            kind=ConsentKind.HEALTH_DATA,
            version=1,
            title="敏感个人信息单独同意",
            body="敏感个人信息单独同意",
            published_at=timezone.now(),
        )
    do_accept_consent(user, document)


@pytest.fixture
def seafarer_client(world: World, batteries: dict[str, Battery]) -> Client:
    give_health_consent(world.persona("seafarer"))
    return login(Client(), world.persona("seafarer"))
