from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentDocument
from seafarers_home.screening.models import Response
from tests.api.conftest import make_token
from tests.personas import World


@pytest.fixture
def consenting(world: World, health_consent_document: ConsentDocument) -> Callable[[str], User]:
    def make(name: str) -> User:
        user = world.persona(name)
        do_accept_consent(user, health_consent_document)
        return user  # type: ignore[return-value]

    return make


@pytest.fixture
def api_client(world: World) -> Callable[[str], Client]:
    """api_client("seafarer") -> a Client sending the persona's bearer token."""

    def make(name: str) -> Client:
        return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.persona(name))}")

    return make


@pytest.fixture
def stored_response(world: World) -> Response:
    """A PHQ-9 response as the service stores it (answers JSON, scores from the definition)."""
    answers = {f"phq9_{n}": v for n, v in enumerate([2, 2, 1, 2, 1, 2, 2, 2, 0], start=1)}
    return Response.objects.create(
        seafarer=world.persona("seafarer"),
        instrument_code="phq9",
        instrument_version="1.0",
        answers=json.dumps(answers),
        total_score=14.0,
        band="moderate",
        risk_level="follow_up",
    )
