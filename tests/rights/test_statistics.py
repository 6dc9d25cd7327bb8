"""The union's statistics: counts only, small cells hidden; no company ever sees them."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.rights.actions.reporting import do_submit_case
from seafarers_home.rights.models import RightsCase
from tests.personas import World, login
from tests.rights.conftest import open_case


def test_the_union_sees_counts_with_small_cells_hidden(world: World, officer: User) -> None:
    for _ in range(11):
        open_case(world.seafarer)
    for _ in range(3):
        do_submit_case(
            world.seafarer_b,
            category="violence",
            summary="被大副打了",
            description="大副喝酒以后动手打人,好几个人都被打过。",
            values={
                "incident_date": "2026-10-01",
                "still_aboard": "no",
                "known_date": "2026-10-01",
            },
        )
    page = login(Client(), world.union_staff).get("/rights/statistics/").content.decode()
    assert "共 14 件" in page
    assert "&lt;5" in page  # three violence cases: hidden, and the wage cell with it
    assert ">11<" not in page and ">3<" not in page
    assert "被大副打了" not in page and "<svg" in page
    for user in (world.officer_a, world.legal_worker, world.clinician):
        assert login(Client(), user).get("/rights/statistics/").status_code == 404


def test_the_median_time_to_a_first_response_is_counted_by_the_database(
    world: World, officer: User
) -> None:
    cases = [open_case(world.seafarer) for _ in range(6)]
    staff = login(Client(), world.union_staff)
    for n, case in enumerate(cases[:4]):
        RightsCase.objects.filter(pk=case.pk).update(
            first_response_at=case.submitted_at + timedelta(hours=n + 1)
        )
    # Four answered cases: too few to show.
    assert "近一年中位数" not in staff.get("/rights/statistics/").content.decode()
    for case, hours in zip(cases[4:], (5, 30), strict=True):
        RightsCase.objects.filter(pk=case.pk).update(
            first_response_at=case.submitted_at + timedelta(hours=hours)
        )
    # 1, 2, 3, 4, 5 and 30 hours: the middle two are 3 and 4.
    assert "近一年中位数:3.5 小时" in staff.get("/rights/statistics/").content.decode()
    # A case submitted over a year ago is outside the window: 1 to 5 hours, the middle is 3.
    old = cases[5]
    RightsCase.objects.filter(pk=old.pk).update(
        submitted_at=old.submitted_at - timedelta(days=400),
        first_response_at=old.submitted_at - timedelta(days=399),
    )
    assert "近一年中位数:3.0 小时" in staff.get("/rights/statistics/").content.decode()
