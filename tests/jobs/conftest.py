from __future__ import annotations

import datetime
from typing import Any

from seafarers_home.certificates.actions import do_add_certificate
from seafarers_home.certificates.validity import today_for
from seafarers_home.jobs.actions.posting import (
    do_create_posting,
    do_review_posting,
    do_set_company_standing,
)
from seafarers_home.jobs.models import Posting
from tests.personas import World
from tests.screening_review.conftest import make_screening


def day(user, n: int) -> datetime.date:
    return today_for(user) + datetime.timedelta(days=n)


def terms(world: World, **change: Any) -> dict[str, Any]:
    officer = world.officer_a
    return {
        "rank": "fisherman",
        "vessel_id": None,
        "vessel_type": "distant_water_fishing",
        "vessel_size": "60 米",
        "area": "东南太平洋鱿钓渔场",
        "wage_min": 8000,
        "wage_max": 12000,
        "currency": "CNY",
        "contract_months": 12,
        "joining_on": day(officer, 30),
        "joining_port": "舟山沈家门",
        "required_kinds": ["fishing_crew"],
        "min_valid_months": 0,
        "places": 2,
        "closes_on": day(officer, 20),
        "contact": "0580-1234567 王经理",
        **change,
    }


def verify(world: World, company=None) -> None:
    do_set_company_standing(
        world.union_staff, company or world.company_a, verified=True, suspended=False
    )


def publish(world: World, **change: Any) -> Posting:
    """An approved posting of company A (verified on the way)."""
    verify(world)
    posting = do_create_posting(
        world.officer_a, world.company_a, no_fee_confirmed=True, **terms(world, **change)
    )
    return do_review_posting(world.union_staff, posting, approve=True)


def hold(user, kind: str, expires_in: int | None, number: str = "F-1") -> int:
    return do_add_certificate(
        user,
        kind=kind,
        number=number,
        issuer="舟山海事局",
        issued_on=day(user, -1000),
        expires_on=day(user, expires_in) if expires_in is not None else None,
    ).pk


def form_data(world: World, **change: Any) -> dict[str, Any]:
    data = terms(world, **change)
    data.pop("vessel_id")
    data["no_fee"] = "on"
    data = {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}
    return {k: v for k, v in data.items() if v is not None}


__all__ = ["make_screening"]
