from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.alerts.models import DutyShift
from tests.personas import PASSWORD, World

HEADERS = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


@pytest.fixture
def psychiatrist(world: World) -> User:
    """A second clinician, the on-call psychiatrist at tier 2."""
    user = User.objects.create_user("13800000021", PASSWORD, display_name="孙主任")
    RoleGrant.objects.create(user=user, role=Role.CLINICIAN, organisation=world.clinic)
    return user


@pytest.fixture
def roster(world: World, psychiatrist: User) -> World:
    """陈医生 on duty at tier 1, 孙主任 at tier 2, for the day around now."""
    now = timezone.now()
    for user, tier in ((world.clinician, 1), (psychiatrist, 2)):
        DutyShift.objects.create(
            user=user,
            tier=tier,
            starts_at=now - timedelta(hours=4),
            ends_at=now + timedelta(hours=8),
        )
    return world


def session_headers(user: User, *, two_factor: bool = True) -> list[tuple[bytes, bytes]]:
    from tests.personas import login

    client = login(Client(), user, two_factor=two_factor)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [*HEADERS, (b"cookie", cookie.encode())]
