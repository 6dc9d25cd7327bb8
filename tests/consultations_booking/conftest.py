"""Helpers of the 远程咨询 booking tests: clinicians' hours, slots, consenting seafarers."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.consultations.models import Slot
from seafarers_home.consultations.models_availability import Availability
from tests.personas import PASSWORD, World, give_health_consent, login

SHANGHAI = ZoneInfo("Asia/Shanghai")


def hospital_day(days_ahead: int) -> date:
    return (timezone.now().astimezone(SHANGHAI) + timedelta(days=days_ahead)).date()


def at_hospital(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=SHANGHAI)


def make_slot(
    world: World,
    starts_at: datetime,
    *,
    minutes: int = 30,
    mode: str = "remote",
    clinician: User | None = None,
    **extra: object,
) -> Slot:
    return Slot.objects.create(
        department=world.clinic,
        clinician=clinician or world.clinician,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=minutes),
        mode=mode,
        **extra,
    )


def weekly_hours(
    clinician: User, weekday: int, start: str, end: str, *, minutes: int = 30, **extra: object
) -> Availability:
    return Availability.objects.create(
        clinician=clinician,
        weekday=weekday,
        start_time=time.fromisoformat(start),
        end_time=time.fromisoformat(end),
        slot_minutes=minutes,
        valid_from=extra.pop("valid_from", date(2020, 1, 1)),
        **extra,
    )


def make_seafarer(world: World, n: int, *, consent: bool = True) -> User:
    user = User.objects.create_user(f"1370000{n:04d}", PASSWORD, display_name=f"海员{n}")
    RoleGrant.objects.create(user=user, role=Role.SEAFARER, organisation=world.company_a)
    if consent:
        give_health_consent(user)
    return user


@pytest.fixture
def seafarer_client(world: World, health_consent_document: object) -> Client:
    give_health_consent(world.seafarer)
    return login(Client(), world.seafarer)


@pytest.fixture
def seafarer_b_client(world: World, health_consent_document: object) -> Client:
    give_health_consent(world.seafarer_b)
    return login(Client(), world.seafarer_b)
