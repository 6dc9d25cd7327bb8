"""Voyages (issue 7, items 1 and 3). The seafarer's own pages need the health-data consent
(the seafarer without it gets the consent page, 403). A voyage of company A is company A's
officer's and union staff's business; company B's officer gets 404, and so do the seafarers
whose voyage it is not."""

from __future__ import annotations

from typing import Any

from seafarers_home.voyages.models import Voyage
from tests.permission_rules.base import CONSENTED, OFFICERS_AND_UNION, Rule
from tests.personas import World
from tests.voyages.conftest import days


def _voyage_of_company_a(world: World) -> Voyage:
    # Straight into the table: recording through the service needs the health consent.
    return Voyage.objects.create(
        seafarer=world.seafarer,
        vessel=world.vessel_a,
        company=world.company_a,
        planned_departure=days(7),
        expected_return=days(90),
        source=Voyage.Source.COMPANY,
        recorded_by=world.officer_a,
        crew_batch="harness0batch",
    )


def _pk(world: World) -> dict[str, Any]:
    return {"pk": _voyage_of_company_a(world).pk}


def _batch(world: World) -> dict[str, Any]:
    return {"batch": _voyage_of_company_a(world).crew_batch}


# The voyage is world.seafarer's, who has not given the consent: 403 for them.
COMPANY_A = {"allowed": OFFICERS_AND_UNION, "not_theirs": frozenset({"officer_b"}), "health": True}

RULES = {
    "voyages:mine": Rule(allowed=CONSENTED, health=True),
    "voyages:record_own": Rule(allowed=CONSENTED, health=True),
    "voyages:list": Rule(allowed=OFFICERS_AND_UNION),
    "voyages:record_crew": Rule(allowed=OFFICERS_AND_UNION),
    "voyages:import": Rule(allowed=OFFICERS_AND_UNION),
    "voyages:detail": Rule(kwargs=_pk, **COMPANY_A),
    "voyages:depart": Rule(method="post", kwargs=_pk, **COMPANY_A),
    "voyages:return": Rule(method="post", kwargs=_pk, **COMPANY_A),
    "voyages:cancel": Rule(method="post", kwargs=_pk, **COMPANY_A),
    "voyages:readiness": Rule(
        kwargs=_batch, allowed=OFFICERS_AND_UNION, not_theirs=frozenset({"officer_b"})
    ),
}
