from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel
from seafarers_home.screening.band_counts import add_screening
from seafarers_home.screening.models import Battery, Response, Screening


@pytest.fixture
def battery(db: None) -> Battery:
    battery, _created = Battery.objects.get_or_create(
        code="pre-departure",
        defaults={
            "name": "出海前心理CT",
            "instrument_codes": ["phq9", "gad7", "who5", "auditc"],
            "is_pre_departure_default": True,
        },
    )
    return battery


def future(days: int = 14) -> str:
    """A deadline as the datetime-local input sends it."""
    return timezone.localtime(timezone.now() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def add_seafarer(
    phone: str, name: str, company: Organisation, *, vessel: Vessel | None = None, book: str = ""
) -> User:
    user = User.objects.create_user(phone, "x-Password-1", display_name=name)
    RoleGrant.objects.create(user=user, role=Role.SEAFARER, organisation=company)
    SeafarerProfile.objects.create(
        user=user,
        real_name=name,
        company=company,
        current_vessel=vessel,
        seafarers_book_number=book or None,
    )
    return user


def add_response(user: User, code: str, band: str, *, campaign: Any = None, score: float = 0):
    """A completed screening with one scored response (as S2's services store it)."""
    screening = Screening.objects.create(
        seafarer=user,
        instrument_codes=[code],
        campaign=campaign,
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level="routine",
    )
    response = Response.objects.create(
        screening=screening,
        seafarer=user,
        instrument_code=code,
        instrument_version="1",
        answers="{}",
        total_score=score,
        band=band,
        company=getattr(getattr(user, "seafarer_profile", None), "company", None),
    )
    add_screening(screening)  # the band reports' counts, as do_complete_screening keeps them
    return response
