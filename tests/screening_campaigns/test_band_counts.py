"""The pre-aggregated band counts (issue 20 item 4) equal the figures computed from the
responses themselves, after any sequence of the actions that change them: screenings
submitted and completed (or left in progress), seafarers changing company, screenings
reviewed (kept on erasure) and erased. And the union's page costs the same number of
queries over 10 and over 1,000 responses."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seafarers_home.consent.personal_data import do_erase_personal_data
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.aggregates import company_band_report, union_band_report
from seafarers_home.screening.band_counts import (
    raw_band_counts,
    rebuild_band_counts,
    stored_band_counts,
)
from seafarers_home.screening.models import BandCount, Battery, Screening
from tests.personas import World, login
from tests.screening_campaigns.conftest import add_response, add_seafarer
from tests.screening_take.conftest import answers_for

CODES = ["phq4", "who5"]

submit = st.tuples(
    st.just("submit"),
    st.integers(0, 3),  # who
    st.lists(st.sampled_from(CODES), min_size=1, max_size=2, unique=True),
    st.integers(0, 3),  # answer level: different bands
    st.booleans(),  # completed or left in progress
)
move = st.tuples(st.just("move"), st.integers(0, 3), st.integers(0, 1))
review = st.tuples(st.just("review"), st.integers(0, 3))
erase = st.tuples(st.just("erase"), st.integers(0, 3))
actions = st.lists(st.one_of(submit, submit, move, review, erase), min_size=1, max_size=12)


def _answers(code: str, level: int) -> dict[str, int]:
    return {k: int(v) for k, v in answers_for(code, level).items()}


def _apply(action: tuple, people: list, companies: list, battery: Battery) -> None:
    kind, who = action[0], people[action[1]]
    if kind == "submit":
        _kind, _who, codes, level, complete = action
        screening = do_start_screening(who, battery)
        for code in codes:
            do_submit_response(who, code, _answers(code, level), screening=screening)
        if complete:
            do_complete_screening(screening)
    elif kind == "move":
        SeafarerProfile.objects.filter(user=who).update(company=companies[action[2]])
    elif kind == "review":
        Screening.objects.filter(seafarer=who, status="completed").update(
            reviewed_at=timezone.now()
        )
    else:
        do_erase_personal_data(who, "screenings")


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=actions)
def test_stored_counts_equal_the_counts_from_the_responses(world: World, sequence) -> None:
    battery, _ = Battery.objects.get_or_create(
        code="band-count-test", defaults={"name": "测试", "instrument_codes": CODES}
    )
    companies = [world.company_a, world.company_b]
    with transaction.atomic():
        people = [world.persona("seafarer"), world.seafarer_b] + [
            add_seafarer(f"1350099{i:04d}", f"P{i}", companies[i % 2]) for i in range(2)
        ]
        for action in sequence:
            _apply(action, people, companies, battery)
        assert stored_band_counts() == raw_band_counts()
        rebuilt = dict(stored_band_counts())
        rebuild_band_counts()
        assert stored_band_counts() == rebuilt
        transaction.set_rollback(True)  # the next example starts from the same world


def test_two_completions_in_one_company_count_two(world: World) -> None:
    # The increment is done by the database (ON CONFLICT … n = n + excluded.n), so two
    # completions are two more, never one (no read-modify-write in Python to lose one).
    first = add_response(world.persona("seafarer"), "who5", "good")
    add_response(world.persona("seafarer"), "who5", "good")
    assert stored_band_counts()[(first.company_id, "who5", "good")] == 2
    assert stored_band_counts() == raw_band_counts()


def test_a_company_report_reads_the_counts(world: World) -> None:
    for i in range(12):
        person = add_seafarer(f"1350098{i:04d}", f"Q{i}", world.company_b)
        add_response(person, "who5", "good" if i < 7 else "poor")
    assert company_band_report(world.company_b)["who5"].total == 12
    cells = union_band_report()[world.company_b.pk]["who5"].cells
    assert cells == {"likely_depression": 0, "poor": 5, "good": 7}


def _union_page_queries(world: World, client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/screening/campaigns/")
    assert response.status_code == 200
    return len(queries)


def test_the_union_page_costs_the_same_queries_over_10_and_1000_responses(world: World) -> None:
    client = login(Client(), world.persona("union_staff"))
    people = [add_seafarer(f"1350097{i:04d}", f"R{i}", world.company_a) for i in range(10)]
    for i, person in enumerate(people):
        add_response(person, "who5", "good" if i % 2 else "poor")
    _union_page_queries(world, client)  # warm: session, consent caches
    at_10 = _union_page_queries(world, client)
    for i in range(990):
        add_response(people[i % 10], "phq4" if i % 3 else "who5", "normal" if i % 2 else "mild")
    at_1000 = _union_page_queries(world, client)
    assert at_1000 == at_10


def test_the_rebuild_command_repairs_counts_that_drifted(world: World) -> None:
    add_response(world.persona("seafarer"), "who5", "good")
    BandCount.objects.update(n=99)  # e.g. a restore of a partial backup
    out = io.StringIO()
    call_command("rebuild_band_counts", stdout=out)
    assert "differed" in out.getvalue()
    assert stored_band_counts() == raw_band_counts()
