from __future__ import annotations

import pytest

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.models import Battery, Campaign, CampaignInvite, Response
from seafarers_home.screening.scoring import InvalidAnswers
from seafarers_home.screening.services import ScreeningClosed
from tests.personas import World
from tests.screening_take.conftest import answers_for


def _ints(code: str, value: int = 0) -> dict[str, int]:
    return {k: int(v) for k, v in answers_for(code, value).items()}


def test_it_refuses_a_reused_key_with_a_different_payload(world: World) -> None:
    seafarer = world.persona("seafarer")
    first = do_submit_response(seafarer, "phq4", _ints("phq4", 1), idempotency_key="k")
    assert do_submit_response(seafarer, "phq4", _ints("phq4", 1), idempotency_key="k") == first
    with pytest.raises(IdempotencyConflict):
        do_submit_response(seafarer, "phq4", _ints("phq4", 2), idempotency_key="k")
    with pytest.raises(InvalidAnswers):
        do_submit_response(seafarer, "phq4", {"phq4_1": 7}, idempotency_key="other")
    assert Response.objects.count() == 1


def test_it_raises_one_alert_per_crisis_response_and_keeps_answers_out_of_audit(
    world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    screening = do_start_screening(seafarer, batteries["pre-departure"])
    crisis = _ints("phq9")
    crisis["phq9_9"] = 2
    do_submit_response(seafarer, "phq9", crisis, screening=screening, idempotency_key="a")
    crisis["phq9_1"] = 1  # changed again while in progress: the alert is not duplicated
    do_submit_response(seafarer, "phq9", crisis, screening=screening, idempotency_key="b")
    assert CrisisAlert.objects.count() == 1
    details = [str(e.detail) for e in AuditEvent.objects.filter(action__startswith="screening.")]
    assert details and not any("phq9_9" in d or "total" in d for d in details)


def test_it_completes_with_the_highest_risk_and_marks_the_invite(
    world: World, batteries: dict[str, Battery]
) -> None:
    seafarer = world.persona("seafarer")
    from django.utils import timezone

    campaign = Campaign.objects.create(
        title="开航前",
        organisation=world.company_a,
        battery=batteries["at-sea-pulse"],
        deadline=timezone.now(),
        created_by=world.persona("officer_a"),
    )
    invite = CampaignInvite.objects.create(campaign=campaign, seafarer=seafarer)
    screening = do_start_screening(seafarer, batteries["at-sea-pulse"], campaign=campaign)
    do_submit_response(seafarer, "phq4", _ints("phq4", 2), screening=screening)  # total 8
    do_submit_response(seafarer, "who5", _ints("who5", 5), screening=screening)
    screening = do_complete_screening(screening)
    assert screening.risk_level == "follow_up" and screening.completed_at
    invite.refresh_from_db()
    assert invite.completed_at and invite.screening == screening
    with pytest.raises(ScreeningClosed):
        do_submit_response(seafarer, "phq4", _ints("phq4", 0), screening=screening)
    assert screening.responses.get(instrument_code="phq4").total_score == 8.0
