from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.models import DutyShift
from tests.personas import World, _user


@pytest.fixture
def psychiatrist(world: World) -> User:
    """The on-call psychiatrist: tier 2 on the roster for the day around now; 陈医生 tier 1."""
    user = _user("13800000021", "孙主任", (Role.CLINICIAN, world.clinic))
    now = timezone.now()
    for person, tier in ((world.clinician, 1), (user, 2)):
        DutyShift.objects.create(
            user=person,
            tier=tier,
            starts_at=now - timedelta(hours=4),
            ends_at=now + timedelta(hours=8),
        )
    return user
