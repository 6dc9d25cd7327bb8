from __future__ import annotations

import datetime
import io
from typing import Any

import pytest

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel
from seafarers_home.voyages.actions import do_record_voyage
from seafarers_home.voyages.models import Voyage
from seafarers_home.voyages.phases import seafarer_today
from tests.personas import World, give_health_consent


def days(n: int, today: datetime.date | None = None) -> datetime.date:
    return (today or datetime.date.today()) + datetime.timedelta(days=n)


def add_seafarer(
    phone: str,
    name: str,
    company: Organisation,
    *,
    vessel: Vessel | None = None,
    book: str = "",
    consent: bool = True,
    time_zone: str = "Asia/Shanghai",
) -> User:
    user = User.objects.create_user(phone, "x-Password-1", display_name=name, time_zone=time_zone)
    RoleGrant.objects.create(user=user, role=Role.SEAFARER, organisation=company)
    SeafarerProfile.objects.create(
        user=user,
        real_name=name,
        company=company,
        current_vessel=vessel,
        seafarers_book_number=book or None,
    )
    if consent:
        give_health_consent(user)
    return user


def record(
    seafarer: User,
    world: World,
    *,
    start: int,
    end: int,
    vessel: Vessel | None = None,
    by: User | None = None,
    **kwargs: Any,
) -> Voyage:
    """A voyage from ``start`` to ``end`` days after the seafarer's today."""
    today = seafarer_today(seafarer)
    return do_record_voyage(
        seafarer,
        vessel=vessel or world.vessel_a,
        planned_departure=days(start, today),
        expected_return=days(end, today),
        recorded_by=by or world.officer_a,
        source=Voyage.Source.COMPANY,
        **kwargs,
    )


def upload(data: bytes, name: str = "船员名单.csv") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


@pytest.fixture
def consenting(world: World) -> World:
    """The world with 王海 (company A) and 李强 (company B) consenting to health data."""
    give_health_consent(world.seafarer)
    give_health_consent(world.seafarer_b)
    return world
