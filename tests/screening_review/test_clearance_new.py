from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Clearance, Screening
from tests.personas import World


def _url(screening: Screening) -> str:
    return reverse("screening:clearance_new", args=[screening.pk])


def test_it_issues_a_clearance(client_for, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "follow_up")
    until = timezone.localdate() + datetime.timedelta(days=180)
    response = client_for("clinician").post(
        _url(screening), {"decision": "cleared_with_follow_up", "valid_until": until}
    )
    assert response.status_code == 302
    clearance = Clearance.objects.get()
    assert clearance.seafarer == world.seafarer
    assert clearance.screening == screening
    assert clearance.clinician == world.clinician
    assert clearance.decision == "cleared_with_follow_up"
    assert clearance.valid_until == until
    event = AuditEvent.objects.get(action="clearance.issue")
    assert event.actor == world.clinician and event.target_id == str(clearance.pk)
    html = client_for("clinician").get(response["Location"]).content.decode()
    assert "适合出海,需随访" in html and until.isoformat() in html


def test_it_refuses_a_past_or_todays_valid_until(client_for, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "routine")
    client = client_for("clinician")
    for days in (-1, 0):
        until = timezone.localdate() + datetime.timedelta(days=days)
        response = client.post(_url(screening), {"decision": "cleared", "valid_until": until})
        assert response.status_code == 200
        assert "有效期必须晚于今天" in response.content.decode()
    assert not Clearance.objects.exists()
    assert not AuditEvent.objects.filter(action="clearance.issue").exists()


def test_it_refuses_an_unknown_decision_or_missing_date(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, "routine")
    client = client_for("clinician")
    until = timezone.localdate() + datetime.timedelta(days=30)
    bad = client.post(_url(screening), {"decision": "fine", "valid_until": until})
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    missing = client.post(_url(screening), {"decision": "cleared", "valid_until": "31/02/2027"})
    assert missing.status_code == 200 and "errorlist" in missing.content.decode()
    assert not Clearance.objects.exists()


def test_it_does_not_accept_get(client_for, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "routine")
    assert client_for("clinician").get(_url(screening)).status_code == 405


def test_it_clears_a_crisis_screening_only_once_the_safety_assessment_is_confirmed(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, "crisis")
    client = client_for("clinician")
    until = timezone.localdate() + datetime.timedelta(days=30)
    page = client.get(reverse("screening:review_detail", args=[screening.pk])).content.decode()
    assert 'name="crisis_assessed"' in page
    refused = client.post(_url(screening), {"decision": "cleared", "valid_until": until})
    assert refused.status_code == 200
    assert "这次心理CT有危机信号" in refused.content.decode()
    assert not Clearance.objects.exists()
    # "Not fit for duty" needs no confirmation; "fit" does, and then is issued.
    assert (
        client.post(_url(screening), {"decision": "not_cleared", "valid_until": until}).status_code
        == 302
    )
    confirmed = {"decision": "cleared", "valid_until": until, "crisis_assessed": "on"}
    assert client.post(_url(screening), confirmed).status_code == 302
    assert list(Clearance.objects.values_list("decision", flat=True).order_by("pk")) == [
        "not_cleared",
        "cleared",
    ]
    routine = make_screening(world.seafarer_b, "routine")
    page = client.get(reverse("screening:review_detail", args=[routine.pk])).content.decode()
    assert 'name="crisis_assessed"' not in page
