"""Shared set-up of the green-channel tests: published clinic slots and returned voyages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.consultations.actions.clinic_slots import do_publish_clinic_slots
from seafarers_home.consultations.models import Mode, Slot
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.voyages.dashboard import ZONE
from seafarers_home.voyages.models import Voyage
from tests.personas import World, give_health_consent


def hospital_today() -> datetime.date:
    return timezone.localtime(timezone.now(), ZONE).date()


def publish(world: World, *, days: int = 3, start_hour: int = 8, end_hour: int = 10) -> None:
    """From tomorrow, ``days`` days of 30-minute slots (4 a day with the defaults → 2 green)."""
    first = hospital_today() + datetime.timedelta(days=1)
    do_publish_clinic_slots(
        world.clinician,
        department=world.clinic,
        first_day=first,
        last_day=first + datetime.timedelta(days=days - 1),
        weekdays=set(range(7)),
        start_hour=start_hour,
        end_hour=end_hour,
        slot_minutes=30,
    )


def returned_voyage(world: World, seafarer: User, *, days_ago: int = 3) -> Voyage:
    back = hospital_today() - datetime.timedelta(days=days_ago)
    return Voyage.objects.create(
        seafarer=seafarer,
        vessel=world.vessel_a,
        company=world.company_a,
        planned_departure=back - datetime.timedelta(days=120),
        actual_departure=back - datetime.timedelta(days=120),
        expected_return=back,
        actual_return=back,
        source=Voyage.Source.COMPANY,
        recorded_by=world.officer_a,
        phase="after_return",
    )


def past_slot(world: World, *, green: bool = True) -> Slot:
    start = timezone.now() - datetime.timedelta(hours=2)
    return Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        mode=Mode.IN_CLINIC,
        green_channel=green,
    )


def make_seafarer(world: World, n: int, *, consent: bool = True) -> User:
    user = User.objects.create_user(f"1370000{n:04d}", "x-Pass-2026!", display_name=f"海员{n}")
    RoleGrant.objects.create(user=user, role=Role.SEAFARER, organisation=world.company_a)
    SeafarerProfile.objects.create(user=user, real_name=f"海员{n}", company=world.company_a)
    if consent:
        give_health_consent(user)
    return user


@pytest.fixture
def consented(world: World, health_consent_document: Any) -> World:
    give_health_consent(world.seafarer)
    return world
