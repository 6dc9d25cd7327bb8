"""Demo job postings for ``manage.py load_demo`` (called from demo/service_data.py): the union
verifies the three demo companies; each posts a vacancy the union approved (a distant-water
fisherman, a coastal able seafarer, an ocean-going third officer) and one cook's posting waits
for review. Everything goes through the actions. Loading again adds nothing."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from seafarers_home.certificates.validity import today_for
from seafarers_home.jobs.actions.posting import (
    do_create_posting,
    do_review_posting,
    do_set_company_standing,
)
from seafarers_home.jobs.models import Posting
from seafarers_home.organisations.access import officer_companies

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

# (rank, vessel type, area, wage from, to, currency, months, port, kinds, approve)
POSTINGS: tuple[tuple[str, str, str, int, int, str, int, str, list[str], bool], ...] = (
    (
        "fisherman",
        "distant_water_fishing",
        "东南太平洋鱿钓渔场",
        9000,
        13000,
        "CNY",
        18,
        "舟山沈家门",
        ["fishing_crew", "basic_safety"],
        True,
    ),
    (
        "able_seafarer",
        "coastal_cargo",
        "中国沿海",
        8000,
        10000,
        "CNY",
        9,
        "宁波北仑",
        ["coc_rating", "basic_safety", "seafarers_passport"],
        True,
    ),
    (
        "third_officer",
        "ocean_going_merchant",
        "远东—东南亚航线",
        2800,
        3500,
        "USD",
        8,
        "上海洋山",
        ["coc_officer", "basic_safety", "advanced_fire_fighting"],
        True,
    ),
    ("cook", "coastal_cargo", "中国沿海", 7000, 8500, "CNY", 6, "舟山老塘山", [], False),
)


def load_demo_jobs(staff: User | None, officers: list[User | None], created: Counter[str]) -> None:
    found = [(officer, officer_companies(officer)) for officer in officers if officer]
    companies = [(officer, theirs[0]) for officer, theirs in found if theirs]
    if staff is None or len(companies) < 3:
        return
    if Posting.objects.filter(company__in=[company for _o, company in companies]).exists():
        return
    for _officer, company in companies:
        do_set_company_standing(staff, company, verified=True, suspended=False)
    order = [companies[0], companies[1], companies[2], companies[1]]
    for (officer, company), spec in zip(order, POSTINGS, strict=True):
        rank, kind, area, low, high, currency, months, port, kinds, approve = spec
        today = today_for(officer)
        vessel = company.vessels.filter(kind=kind).first()
        terms: dict[str, Any] = {
            "rank": rank,
            "vessel_id": vessel.pk if vessel else None,
            "vessel_type": kind,
            "vessel_size": "" if vessel else "3000 总吨",
            "area": area,
            "wage_min": low,
            "wage_max": high,
            "currency": currency,
            "contract_months": months,
            "joining_on": today + datetime.timedelta(days=40),
            "joining_port": port,
            "required_kinds": kinds,
            "min_valid_months": 0,
            "places": 3,
            "closes_on": today + datetime.timedelta(days=25),
            "contact": f"{company.phone or '0580-2000000'} 船员部",
        }
        posting = do_create_posting(officer, company, no_fee_confirmed=True, **terms)
        if approve:
            do_review_posting(staff, posting, approve=True)
        created["job postings"] += 1
