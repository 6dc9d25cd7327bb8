from __future__ import annotations

from collections.abc import Callable

import pytest

from seafarers_home.accounts.models import Role, User
from tests.personas import World, _user


@pytest.fixture
def make_counsellor(world: World) -> Callable[[int], User]:
    def make(n: int) -> User:
        return _user(f"1370000{n:04d}", f"咨询员{n}", (Role.COUNSELLOR, world.hospital))

    return make


@pytest.fixture
def make_caller(world: World) -> Callable[[int], User]:
    def make(n: int) -> User:
        return _user(f"1360000{n:04d}", f"海员{n}", (Role.SEAFARER, world.company_a))

    return make
