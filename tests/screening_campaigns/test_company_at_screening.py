"""The company and union reports count a response for the seafarer's employer when they
submitted it (Response.company), not their employer today."""

from __future__ import annotations

from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.aggregates import company_band_report, union_band_report
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import Battery
from tests.personas import World
from tests.screening_campaigns.conftest import add_seafarer


def _answers(code: str) -> dict[str, int]:
    # Lowest option everywhere: no safety item is positive.
    return {item.id: min(item.values) for item in get_instrument(code).items}


def _screen(person, battery: Battery) -> None:
    screening = do_start_screening(person, battery)
    for code in screening.instrument_codes:
        do_submit_response(person, code, _answers(code), screening=screening)
    do_complete_screening(screening)


def test_it_records_the_company_at_submission(world: World) -> None:
    response = do_submit_response(world.persona("seafarer"), "who5", _answers("who5"))
    assert response.company_id == world.company_a.pk


def test_it_records_no_company_without_a_profile(world: World) -> None:
    response = do_submit_response(world.persona("outsider"), "who5", _answers("who5"))
    assert response.company_id is None


def test_it_counts_a_screening_for_the_company_of_the_time_after_a_move(
    world: World, battery: Battery
) -> None:
    people = [add_seafarer(f"1351000{i:04d}", f"M{i}", world.company_a) for i in range(10)]
    for person in people:
        _screen(person, battery)
    SeafarerProfile.objects.filter(user__in=people).update(company=world.company_b)

    assert company_band_report(world.company_a_union)["who5"].total == 10
    assert "who5" not in company_band_report(world.company_b)
    by_company = union_band_report()
    assert by_company[world.company_a.pk]["who5"].total == 10
    assert world.company_b.pk not in by_company
