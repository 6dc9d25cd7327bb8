from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.screening.actions import do_issue_clearance
from tests.personas import World

URL = reverse("screening:my_clearances")


def test_it_shows_the_seafarers_own_clearances_and_the_consent_link(
    client_for, world: World, health_consent_document, share_document
) -> None:
    do_accept_consent(world.seafarer, health_consent_document)
    until = timezone.localdate() + datetime.timedelta(days=60)
    do_issue_clearance(world.seafarer, world.clinician, "cleared", until)
    do_issue_clearance(world.seafarer_b, world.clinician, "not_cleared", until)
    response = client_for("seafarer").get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "适合出海" in html and until.isoformat() in html
    assert "暂不适合出海" not in html
    assert reverse("consent:document", args=["share_clearance"]) in html

    do_accept_consent(world.seafarer, share_document)
    html = client_for("seafarer").get(URL).content.decode()
    assert reverse("consent:withdraw", args=["share_clearance"]) in html


def test_it_asks_for_the_health_data_consent_first(client_for, world: World) -> None:
    assert client_for("seafarer").get(URL).status_code == 403


def test_it_answers_404_to_non_seafarers(client_for, world: World, health_consent_document) -> None:
    do_accept_consent(world.officer_a, health_consent_document)
    assert client_for("officer_a").get(URL).status_code == 404
