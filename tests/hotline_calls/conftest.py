from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client

from seafarers_home.accounts.models import Role, User
from seafarers_home.hotline.actions.queue import (
    dispatch_calls,
    do_accept_offer,
    do_join_queue,
    do_set_counsellor_state,
)
from seafarers_home.hotline.models import HotlineCall
from tests.personas import World, _user, give_health_consent, login

# What must never appear on a counsellor's page for an anonymous caller (王海 of the world).
SEAFARER_NAME = "王海"
SEAFARER_PHONE = "13800000001"
MASKED_PHONE = "138****0001"


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.fixture
def make_counsellor(world: World) -> Callable[[int], User]:
    def make(n: int) -> User:
        return _user(f"1370000{n:04d}", f"咨询员{n}", (Role.COUNSELLOR, world.hospital))

    return make


@pytest.fixture
def caller(world: World) -> User:
    give_health_consent(world.seafarer)
    return world.seafarer


@pytest.fixture
def seafarer_client(caller: User) -> Client:
    return login(Client(), caller)


@pytest.fixture
def counsellor_client(world: World) -> Client:
    return login(Client(), world.counsellor)


def offered_call(world: World, caller: User, *, anonymous: bool = False) -> HotlineCall:
    """The caller joined and the world's counsellor (available) is being offered the call."""
    do_set_counsellor_state(world.counsellor, "available")
    call = do_join_queue(caller, anonymous=anonymous)
    dispatch_calls()
    call.refresh_from_db()
    assert call.status == "offered" and call.offered_to == world.counsellor
    return call


def connected_call(world: World, caller: User, *, anonymous: bool = False) -> HotlineCall:
    call = offered_call(world, caller, anonymous=anonymous)
    return do_accept_offer(call, world.counsellor)
