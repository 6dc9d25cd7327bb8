"""The public knowledge search and the ask page's suggestions are rate-limited per client
(issue 20 item 4): past the limit a 429 with Retry-After and a translated message, nothing
searched; other clients and pages without a search are not affected."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from tests.inquiries_knowledge.conftest import make_entry
from tests.personas import World, give_health_consent, login

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.KNOWLEDGE_SEARCH_PER_MINUTE = 3
    cache.clear()
    yield
    cache.clear()


def test_it_answers_429_past_the_limit_for_one_address(world: World) -> None:
    make_entry(world.clinician, title="晕船怎么办", question_text="出海晕船怎么办")
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        response = client.get("/inquiries/knowledge/", {"q": "晕船"})
        assert response.status_code == 200
        assert "晕船怎么办" in response.content.decode()
    refused = client.get("/inquiries/knowledge/", {"q": "晕船"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "搜索太频繁了" in refused.content.decode()
    assert "晕船怎么办" not in refused.content.decode()  # nothing searched
    # The list without a query, and another client, are not limited.
    assert client.get("/inquiries/knowledge/").status_code == 200
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert other.get("/inquiries/knowledge/", {"q": "晕船"}).status_code == 200


def test_the_message_is_translated(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="en")
    for _ in range(3):
        client.get("/inquiries/knowledge/", {"q": "晕船"})
    refused = client.get("/inquiries/knowledge/", {"q": "晕船"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429
    assert "Too many searches" in refused.content.decode()


def test_the_ask_pages_suggestions_are_limited_per_person(world: World) -> None:
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    for _ in range(3):
        assert client.get("/inquiries/ask/", {"q": "晕船"}).status_code == 200
    assert client.get("/inquiries/ask/", {"q": "晕船"}).status_code == 429
    # Another person behind the same address is counted on their own.
    other = login(Client(), world.seafarer_b)
    assert other.get("/inquiries/ask/", {"q": "晕船"}).status_code != 429


def test_the_api_search_is_limited_too(world: World) -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    for _ in range(3):
        assert client.get("/api/v1/inquiries/knowledge", {"q": "晕船"}).status_code == 200
    refused = client.get("/api/v1/inquiries/knowledge", {"q": "晕船"})
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1
    assert client.get("/api/v1/inquiries/knowledge").status_code == 200  # listing: not counted
