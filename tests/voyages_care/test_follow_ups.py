"""The counsellor's 14-day follow-up: the list shows name and phone only, the outcome is
recorded once, encrypted and audited; others get 404."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Response, Screening
from seafarers_home.voyages.models import FollowUpOutcome, GreenChannelReferral
from tests.personas import give_health_consent
from tests.voyages_care.conftest import NOW, day, make_voyage, run_at, task

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(world, care_plan):
    voyage = make_voyage(
        world.seafarer, world.vessel_a, departs=day(-100), returns=day(-13), actual_return=day(-13)
    )
    run_at(0)
    screening = Screening.objects.create(
        seafarer=world.seafarer,
        instrument_codes=["phq9"],
        status=Screening.Status.COMPLETED,
        completed_at=NOW,
        risk_level="follow_up",
    )
    Response.objects.create(
        screening=screening,
        seafarer=world.seafarer,
        instrument_code="phq9",
        instrument_version="1.0",
        answers="{}",
        total_score=17,
        band="moderately_severe",
    )
    return task(voyage, "after-return-follow-up")


def test_it_lists_due_follow_ups_with_name_and_phone_only(world, follow_up, client_for):
    response = client_for("counsellor").get(reverse("voyages:follow_ups"))

    assert response.status_code == 200
    page = re.sub(r'value="[^"]*"', "", response.content.decode())  # no csrf token noise
    assert "王海" in page
    assert world.seafarer.phone in page
    assert reverse("voyages:follow_up_outcome", args=[follow_up.pk]) in page
    for health in ("moderately", "需随访", "follow_up", "PHQ", "中重度"):
        assert health not in page, health


def test_it_records_the_outcome_encrypted_and_audited(world, follow_up, client_for):
    client = client_for("counsellor")
    form = client.get(reverse("voyages:follow_up_outcome", args=[follow_up.pk]))
    assert form.status_code == 200
    assert AuditEvent.objects.filter(
        action="voyages.follow_up.view", target_id=str(follow_up.pk), actor=world.counsellor
    ).exists()

    response = client.post(
        reverse("voyages:follow_up_outcome", args=[follow_up.pk]),
        {"result": "reached_well", "note": "睡得还不太好,和家人相处不错"},
    )

    assert response.status_code == 302
    outcome = FollowUpOutcome.objects.get(task=follow_up)
    assert (outcome.result, outcome.counsellor) == ("reached_well", world.counsellor)
    assert outcome.note == "睡得还不太好,和家人相处不错"
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM voyages_followupoutcome WHERE id = %s", [outcome.pk])
        stored = cursor.fetchone()[0]
    assert "睡得" not in stored
    follow_up.refresh_from_db()
    assert follow_up.status == "done"
    event = AuditEvent.objects.get(action="voyages.follow_up.record")
    assert (event.actor, event.target_id) == (world.counsellor, str(outcome.pk))
    assert "睡得" not in str(event.detail)

    again = client.post(
        reverse("voyages:follow_up_outcome", args=[follow_up.pk]), {"result": "no_answer"}
    )
    assert again.status_code == 200
    assert FollowUpOutcome.objects.filter(task=follow_up).count() == 1
    assert FollowUpOutcome.objects.get(task=follow_up).result == "reached_well"


def test_it_refers_to_the_green_channel_when_more_help_is_needed(world, follow_up, client_for):
    give_health_consent(world.seafarer)
    client = client_for("counsellor")

    refused = client.post(
        reverse("voyages:follow_up_outcome", args=[follow_up.pk]),
        {"result": "reached_well", "refer": "on"},
    )
    assert refused.status_code == 200
    assert "需要进一步帮助" in refused.content.decode()
    assert not FollowUpOutcome.objects.exists()

    client.post(
        reverse("voyages:follow_up_outcome", args=[follow_up.pk]),
        {"result": "reached_needs_help", "refer": "on"},
    )

    referral = GreenChannelReferral.objects.get(seafarer=world.seafarer)
    assert (referral.source, referral.referred_by, referral.voyage) == (
        "clinician",
        world.counsellor,
        follow_up.voyage,
    )
    assert FollowUpOutcome.objects.get(task=follow_up).result == "reached_needs_help"


def test_it_writes_nothing_when_the_referral_is_refused(world, follow_up, client_for):
    # No health-data consent: the green channel refuses, and the outcome is not half-saved.
    response = client_for("counsellor").post(
        reverse("voyages:follow_up_outcome", args=[follow_up.pk]),
        {"result": "reached_needs_help", "refer": "on"},
    )
    assert response.status_code == 200
    assert not FollowUpOutcome.objects.exists()
    assert not GreenChannelReferral.objects.exists()
    follow_up.refresh_from_db()
    assert follow_up.status == "open"


@pytest.mark.parametrize(
    "persona", ["officer_a", "officer_b", "union_staff", "clinician", "seafarer", "admin"]
)
def test_it_answers_404_to_everyone_but_counsellors(persona, follow_up, client_for):
    client = client_for(persona)
    assert client.get(reverse("voyages:follow_ups")).status_code == 404
    url = reverse("voyages:follow_up_outcome", args=[follow_up.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"result": "reached_well"}).status_code == 404
    assert not FollowUpOutcome.objects.exists()
