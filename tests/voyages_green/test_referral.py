"""Referrals: from a follow-up return screening (through the daily care run), idempotent per
open referral, the seafarer's own request, a clinician's referral."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.screening.models import Battery, Screening
from seafarers_home.voyages.care import run_care_pathway, sync_voyage
from seafarers_home.voyages.green_referrals import (
    ReferralInvalid,
    do_refer_to_green_channel,
    do_request_green_channel,
    open_referral,
)
from seafarers_home.voyages.models import GreenChannelReferral
from tests.personas import World, login
from tests.voyages_green.conftest import make_seafarer, returned_voyage


def _return_screening(world: World, risk: str) -> Screening:
    battery = Battery.objects.get(code="after-return")
    return Screening.objects.create(
        seafarer=world.seafarer,
        battery=battery,
        instrument_codes=battery.instrument_codes,
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level=risk,
    )


def test_it_refers_a_seafarer_whose_return_screening_needs_follow_up(
    consented: World, outbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    world = consented
    voyage = returned_voyage(world, world.seafarer)
    sync_voyage(voyage)
    screening = _return_screening(world, "follow_up")
    with django_capture_on_commit_callbacks(execute=True):
        run_care_pathway()
    referral = GreenChannelReferral.objects.get(seafarer=world.seafarer)
    assert referral.source == "return_screening"
    assert referral.screening == screening and referral.voyage == voyage
    assert open_referral(world.seafarer) == referral
    # The seafarer is told — without any health detail.
    assert any("绿色通道" in text and "需随访" not in text for _phone, text in outbox)
    run_care_pathway()  # a second run refers nobody twice
    assert GreenChannelReferral.objects.filter(seafarer=world.seafarer).count() == 1


def test_it_does_not_refer_after_a_routine_return_screening(consented: World) -> None:
    world = consented
    sync_voyage(returned_voyage(world, world.seafarer))
    _return_screening(world, "routine")
    run_care_pathway()
    assert not GreenChannelReferral.objects.exists()


def test_it_keeps_one_open_referral_per_seafarer(consented: World) -> None:
    world = consented
    first = do_refer_to_green_channel(
        world.seafarer, source="clinician", referred_by=world.clinician
    )
    second = do_refer_to_green_channel(world.seafarer, source="return_screening")
    assert first == second
    assert GreenChannelReferral.objects.count() == 1


def test_it_lets_a_returned_seafarer_ask_and_refuses_one_who_is_not_back(
    consented: World,
) -> None:
    world = consented
    client = login(Client(), world.seafarer)
    response = client.post("/voyages/green-channel/request/", {"reason": "家里的事"}, follow=True)
    assert "绿色通道面向归港海员" in response.content.decode()
    assert not GreenChannelReferral.objects.exists()
    returned_voyage(world, world.seafarer)
    client.post("/voyages/green-channel/request/", {"reason": "家里的事"})
    referral = GreenChannelReferral.objects.get()
    assert referral.source == "self" and referral.reason == "家里的事"


def test_it_refuses_to_refer_without_the_health_consent(world: World) -> None:
    seafarer = make_seafarer(world, 7, consent=False)
    with pytest.raises(ReferralInvalid):
        do_refer_to_green_channel(seafarer, source="clinician", referred_by=world.clinician)
    with pytest.raises(ReferralInvalid):
        do_request_green_channel(seafarer)
    assert not GreenChannelReferral.objects.exists()


def test_it_lets_a_clinician_refer_and_nobody_else(consented: World) -> None:
    world = consented
    url = f"/voyages/refer/{world.seafarer.pk}/"
    for persona in ("officer_a", "union_staff", "counsellor", "seafarer"):
        response = login(Client(), world.persona(persona)).post(url, {"reason": "x"})
        assert response.status_code == 404, persona
    assert not GreenChannelReferral.objects.exists()
    response = login(Client(), world.clinician).post(url, {"reason": "门诊评估"})
    assert response.status_code == 302
    referral = GreenChannelReferral.objects.get()
    assert referral.referred_by == world.clinician and referral.source == "clinician"
    # A user who is not a seafarer cannot be referred.
    other = login(Client(), world.clinician).post(f"/voyages/refer/{world.officer_a.pk}/", {})
    assert other.status_code == 404


def test_it_offers_the_referral_on_the_clinicians_review_page(consented: World) -> None:
    world = consented
    screening = _return_screening(world, "follow_up")
    client = login(Client(), world.clinician)
    page = client.get(f"/screening/review/{screening.pk}/")
    assert page.status_code == 200
    assert f'action="/voyages/refer/{world.seafarer.pk}/"' in page.content.decode()
    response = client.post(
        f"/voyages/refer/{world.seafarer.pk}/",
        {"reason": "复核后转介", "next": f"/screening/review/{screening.pk}/"},
    )
    assert response["Location"] == f"/screening/review/{screening.pk}/"
    assert GreenChannelReferral.objects.get().reason == "复核后转介"
