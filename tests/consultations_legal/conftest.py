"""Helpers of the legal consultation tests: a legal worker's published hours and legal slots."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consultations.models import Appointment, Mode, Service, Slot
from tests.personas import World, login


def legal_slot(
    world: World, *, starts_in: timedelta = timedelta(days=2), worker: User | None = None
) -> Slot:
    starts_at = timezone.now() + starts_in
    return Slot.objects.create(
        service=Service.LEGAL,
        department=world.law_firm,
        clinician=worker or world.legal_worker,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )


def legal_appointment(world: World, **kwargs: object) -> Appointment:
    seafarer = kwargs.pop("seafarer", None) or world.seafarer
    return Appointment.objects.create(slot=legal_slot(world, **kwargs), seafarer=seafarer)


def hours_post(**overrides: str) -> dict[str, str]:
    """The legal worker's add-hours form: Tuesdays 14:00–16:00, 30-minute calls."""
    data = {
        "action": "add_hours",
        "h-weekday": "1",
        "h-start_time": "14:00",
        "h-end_time": "16:00",
        "h-slot_minutes": "30",
        "h-mode": "remote",
        "h-valid_from": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def worker_client(world: World) -> Client:
    return login(Client(), world.legal_worker)


@pytest.fixture
def seafarer_client(world: World) -> Client:
    """王海 has not given the health-data consent: a legal consultation does not need it."""
    return login(Client(), world.seafarer)
