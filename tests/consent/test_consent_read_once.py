"""The signed-in person's consent state is read once per request (issue 20 item 3): however
many checks a page makes (the consent middleware, the health-consent guard, the navigation's
predicates), the consent tables are queried once; accepting or withdrawing forgets it."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from seafarers_home.consent.actions import do_accept_consent, do_withdraw_consent
from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.services import (
    current_document,
    enable_consent_cache,
    has_consent,
    has_health_data_consent,
    missing_required_documents,
)
from tests.personas import give_health_consent


def consent_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if '"consent_consent' in q["sql"]]


def test_a_health_page_reads_the_consent_state_once(world, client_for):
    give_health_consent(world.seafarer)
    client = client_for("seafarer")
    for url in ("/hotline/", "/voyages/care/tasks/", "/"):
        client.get(url)  # a first load of each may do one-off work
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(consent_queries(captured)) == 1, (url, consent_queries(captured))


def test_a_withdrawal_in_the_request_is_seen_at_once(world, health_consent_document):
    seafarer = world.seafarer
    give_health_consent(seafarer)
    enable_consent_cache(seafarer)
    assert has_health_data_consent(seafarer)
    with CaptureQueriesContext(connection) as captured:
        assert has_health_data_consent(seafarer)
        assert missing_required_documents(seafarer) == []
    assert consent_queries(captured) == []  # answered from the request's state

    do_withdraw_consent(seafarer, ConsentKind.HEALTH_DATA)
    assert not has_health_data_consent(seafarer)
    do_accept_consent(seafarer, current_document(ConsentKind.HEALTH_DATA))
    assert has_consent(seafarer, ConsentKind.HEALTH_DATA)


def test_a_user_object_without_the_cache_is_read_fresh(world, health_consent_document):
    seafarer = world.seafarer  # as a WebSocket's scope user: no request, no cache
    give_health_consent(seafarer)
    assert has_health_data_consent(seafarer)
    with CaptureQueriesContext(connection) as captured:
        assert has_health_data_consent(seafarer)
    assert len(consent_queries(captured)) == 1
