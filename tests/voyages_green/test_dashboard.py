"""The programme dashboard: figures computed right, small cells suppressed, nobody named."""

from __future__ import annotations

import datetime

from django.test import Client

from seafarers_home.organisations.models import Organisation, Vessel
from seafarers_home.screening.models import Battery, Screening
from seafarers_home.voyages.dashboard import ZONE, build_dashboard
from seafarers_home.voyages.dashboard_charts import bar_chart, line_chart
from seafarers_home.voyages.green_referrals import do_refer_to_green_channel
from seafarers_home.voyages.models import Voyage
from tests.personas import World, login
from tests.small_cells import assert_safe
from tests.voyages_green.conftest import hospital_today, make_seafarer


def _departed(world: World, seafarer, company, vessel, day: datetime.date) -> Voyage:
    return Voyage.objects.create(
        seafarer=seafarer,
        vessel=vessel,
        company=company,
        planned_departure=day,
        actual_departure=day,
        expected_return=day + datetime.timedelta(days=200),
        source=Voyage.Source.COMPANY,
        recorded_by=world.officer_a,
        phase="at_sea",
    )


def _screened(seafarer, battery: Battery, day: datetime.date) -> None:
    Screening.objects.create(
        seafarer=seafarer,
        battery=battery,
        instrument_codes=battery.instrument_codes,
        status=Screening.Status.COMPLETED,
        completed_at=datetime.datetime.combine(day, datetime.time(12), tzinfo=ZONE),
        risk_level="routine",
    )


def _company_c(world: World, departure: datetime.date, count: int = 10) -> None:
    """A third company with ``count`` unscreened departures in the month."""
    company = Organisation.objects.create(name="丙公司", code="company-c", kind="company")
    vessel = Vessel.objects.create(
        name="丙 1", registration_number="ZS-C-0001", kind="other", company=company
    )
    for n in range(40, 40 + count):
        _departed(world, make_seafarer(world, n), company, vessel, departure)


def _build(world: World, *, third_company: bool = False) -> datetime.date:
    battery, _ = Battery.objects.get_or_create(
        code="pre-departure",
        defaults={"name": "出海前心理CT", "instrument_codes": ["phq9", "gad7"]},
    )
    last_month = (hospital_today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    departure = last_month + datetime.timedelta(days=10)
    for n in range(12):  # company A: 7 screened before departure, 5 not
        seafarer = make_seafarer(world, n)
        _departed(world, seafarer, world.company_a, world.vessel_a, departure)
        if n < 7:
            _screened(seafarer, battery, departure - datetime.timedelta(days=3))
        elif n == 7:  # screened, but only after leaving port: does not count
            _screened(seafarer, battery, departure + datetime.timedelta(days=2))
    for n in range(20, 23):  # company B: 3 voyages, all screened — too few to show
        seafarer = make_seafarer(world, n)
        _departed(world, seafarer, world.company_b, world.vessel_b, departure)
        _screened(seafarer, battery, departure - datetime.timedelta(days=1))
    if third_company:
        _company_c(world, departure)
    for n in range(30, 33):  # three referrals this month: a small group
        do_refer_to_green_channel(
            make_seafarer(world, n), source="clinician", referred_by=world.clinician
        )
    return last_month


def test_it_computes_coverage_and_suppresses_small_groups(world: World) -> None:
    last_month = _build(world)
    board = build_dashboard()
    index = board.months.index(last_month)
    assert board.coverage.series[0].values[index] == round(100 * 10 / 15, 1)
    assert board.coverage.totals[index] == 15
    # Company B (3 voyages) is hidden, and so is A: else B = 15 − 12 voyages, 10 − 7 screened.
    # A company with nothing shown is not named at all.
    assert board.coverage_by_company == []
    phases = {s.key: s.values[index] for s in board.phases.series}
    assert phases == {"before_departure": 0, "at_sea": 15, "after_return": 0}
    uptake = {s.key: s.values[-1] for s in board.green_uptake.series}
    assert uptake == {"referred": None, "booked": None, "attended": None}


def test_it_shows_a_company_when_the_hidden_ones_cannot_be_subtracted(world: World) -> None:
    last_month = _build(world, third_company=True)
    board = build_dashboard()
    index = board.months.index(last_month)
    assert board.coverage.totals[index] == 25
    by_company = {row.company.code: row for row in board.coverage_by_company}
    assert by_company["company-a"].shares[index] == round(100 * 7 / 12, 1)
    assert by_company["company-a"].totals[index] == 12
    # B (3) is hidden and C (10) with it, so neither is 25 − 12; hidden, they are not named.
    assert set(by_company) == {"company-a"}
    cells = {"company-a": 12, "company-b": None, "company-c": None}
    assert_safe(cells, board.coverage.totals[index])


def test_it_hides_a_share_that_would_reveal_a_few_people(world: World) -> None:
    last_month = _build(world, third_company=True)
    # Two more of company A's crew, unscreened, would be fine; instead make the "not
    # screened" cell tiny: screen 4 of the 5 — 11 of 12 covered, 1 not.
    battery = Battery.objects.get(code="pre-departure")
    departure = last_month + datetime.timedelta(days=10)
    for voyage in Voyage.objects.filter(company=world.company_a).order_by("pk")[7:11]:
        _screened(voyage.seafarer, battery, departure - datetime.timedelta(days=5))
    board = build_dashboard()
    index = board.months.index(last_month)
    row = next(r for r in board.coverage_by_company if r.company.code == "company-a")
    assert row.shares[index] is None  # 11 of 12 would name the one who did not
    assert row.totals[index] == 12


def test_the_page_names_nobody_and_shows_no_health_data(world: World) -> None:
    _build(world, third_company=True)
    response = login(Client(), world.union_staff).get("/voyages/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "58.3%" in html  # company A, last month
    assert "<svg" in html
    for forbidden in ("海员1", "13700000", "routine", "常规", "PHQ", "需随访"):
        assert forbidden not in html, forbidden
    assert "100.0%" not in html  # company B's three screened people stay hidden


def test_charts_with_nothing_to_draw_say_why(world: World) -> None:
    """A new programme: every month of every chart is hidden (nobody, or too few people to
    show). Each chart says so in words instead of showing a blank 0-1 axis."""
    html = login(Client(), world.union_staff).get("/voyages/dashboard/").content.decode()
    charts = html.count("<svg")
    assert charts >= 4
    assert html.count("暂无可显示的数字:人数太少时不显示") == charts


def test_a_chart_with_figures_draws_them_without_the_note() -> None:
    months = [datetime.date(2026, m, 1) for m in (10, 11, 12)]
    for chart in (bar_chart, line_chart):
        zero = chart("t", months, [("a", [0.0, None, 0.0])])  # 0 % is a figure
        assert "暂无可显示" not in zero and "<title>a 2026-10: 0</title>" in zero
        assert "暂无可显示" in chart("t", months, [("a", [None, None, None])])
