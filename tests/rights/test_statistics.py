"""The union's statistics: counts only, small cells hidden; no company ever sees them."""

from __future__ import annotations

from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.rights.actions.reporting import do_submit_case
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
