"""The programme dashboard page reads the worker's snapshot (issue 20 item 4): the same
figures as a build from the rows, and the same number of queries over 10 and 1,000 voyages."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from seafarers_home.screening.models import Battery, Screening
from seafarers_home.voyages.dashboard import ZONE, build_dashboard
from seafarers_home.voyages.dashboard_snapshot import (
    current_dashboard,
    from_data,
    refresh_dashboard_snapshot,
    to_data,
)
from seafarers_home.voyages.models import DashboardSnapshot, Voyage
from tests.personas import World, login
from tests.voyages_green.conftest import hospital_today


def _voyages(world: World, count: int, start: int = 0) -> None:
    battery, _ = Battery.objects.get_or_create(
        code="pre-departure",
        defaults={"name": "出海前心理CT", "instrument_codes": ["phq9", "gad7"]},
    )
    today = hospital_today()
    people = [world.seafarer, world.seafarer_b]
    voyages, screenings = [], []
    for i in range(start, start + count):
        # The first ten depart together with one company: a group large enough to be shown.
        first = i < 10
        departed = today - datetime.timedelta(days=40 if first else 5 + i % 300)
        company_a = first or i % 2 == 0
        voyages.append(
            Voyage(
                seafarer=people[i % 2],
                vessel=world.vessel_a if company_a else world.vessel_b,
                company=world.company_a if company_a else world.company_b,
                planned_departure=departed,
                actual_departure=departed,
                expected_return=departed + datetime.timedelta(days=200),
                source=Voyage.Source.COMPANY,
                recorded_by=world.officer_a,
                phase="at_sea",
            )
        )
        if i % 3:
            screenings.append(
                Screening(
                    seafarer=people[i % 2],
                    battery=battery,
                    instrument_codes=battery.instrument_codes,
                    status=Screening.Status.COMPLETED,
                    completed_at=datetime.datetime.combine(
                        departed - datetime.timedelta(days=2), datetime.time(12), tzinfo=ZONE
                    ),
                    risk_level="routine",
                )
            )
    Voyage.objects.bulk_create(voyages)
    Screening.objects.bulk_create(screenings)


def _page_queries(client: Client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/voyages/dashboard/")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_snapshot_holds_the_figures_a_build_from_the_rows_gives(world: World) -> None:
    _voyages(world, 60)
    board = build_dashboard()
    refresh_dashboard_snapshot()
    stored, built_at = current_dashboard()
    assert built_at is not None
    assert stored == board == from_data(to_data(board))


def test_without_a_snapshot_the_page_builds_the_figures_and_stores_nothing(world: World) -> None:
    _voyages(world, 20)
    client = login(Client(), world.union_staff)
    _count, html = _page_queries(client)
    assert "<svg" in html
    assert not DashboardSnapshot.objects.exists()


def test_the_page_costs_the_same_queries_over_10_and_1000_voyages(world: World) -> None:
    client = login(Client(), world.union_staff)
    _voyages(world, 10)
    refresh_dashboard_snapshot()
    _page_queries(client)  # warm: session and consent look-ups
    at_10, _html = _page_queries(client)
    _voyages(world, 990, start=10)
    refresh_dashboard_snapshot()
    at_1000, html = _page_queries(client)
    assert at_1000 == at_10
    assert "<svg" in html
