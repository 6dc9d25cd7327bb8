from __future__ import annotations

import pytest
from django.test import Client

from tests.personas import PERSONA_NAMES, World, build_world, login


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def client_for(world: World):
    """client_for("clinician") -> a Client signed in as that persona."""

    def make(name: str) -> Client:
        return login(Client(), world.persona(name))

    return make


@pytest.fixture(params=PERSONA_NAMES)
def persona_name(request: pytest.FixtureRequest) -> str:
    return request.param
