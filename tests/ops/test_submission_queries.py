"""What the seafarer's submission path costs in queries (issue 20 items 2, 3 and 8): the at-sea
pulse 心理CT (start page, start, the PHQ-4 and WHO-5 pages and their answers) and the message
board's ask form, each request as bench/submission_path.py makes it. The counts do not grow
with the seafarer's history (20 earlier screenings and questions cost what none cost), the
consent state is read by one query per request (issue 20 item 3), and no request costs more
than it did after the reductions (bench/README.md "The seafarer's submission path")."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seafarers_home.inquiries.models import Question
from tests.personas import World, give_health_consent, login
from tests.screening_campaigns.conftest import add_response

KEY = re.compile(r'name="key" value="([^"]+)"')
REPLACES = re.compile(r'name="replaces" value="([^"]*)"')
QUESTIONNAIRE = re.compile(r'<form class="stack" method="post" action="(/screening/\d+/[\w-]+/)"')
RADIO = re.compile(r'type="radio" name="([^"]+)" value="([^"]+)"')
CATEGORY = re.compile(r'<select id="category" name="category"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')

# The most each request may cost: the counts bench/submission_path.py measured after the
# reductions on PostgreSQL (bench/README.md; one less than before on every request, two less
# on the last answers). SQLite needs the same or fewer. The last answers complete the
# screening in their own transaction (in a savepoint): 22 queries on PostgreSQL (25 before).
CEILINGS = {
    "start page": 8,
    "start": 24,
    "PHQ-4 page": 7,
    "PHQ-4 answers": 27,
    "WHO-5 page": 7,
    "WHO-5 answers": 23,
    "ask page": 5,
    "question": 23,
    "thread": 8,
}

Measure = Callable[[str, Callable[[], object]], object]


def _round(client: Client, measure: Measure) -> None:
    """One pulse and one question through the pages, each request through ``measure``."""

    def get(name: str, path: str) -> str:
        response = measure(name, lambda: client.get(path))
        assert response.status_code == 200, (name, response.status_code)
        return response.content.decode()

    def post(name: str, path: str, data: dict, status: int = 200):
        response = measure(name, lambda: client.post(path, data))
        assert response.status_code == status, (name, response.status_code)
        return response

    get("start page", "/screening/")
    shown = post("start", "/screening/", {"battery": "at-sea-pulse"}).content.decode()
    for page, answers in (("PHQ-4 page", "PHQ-4 answers"), ("WHO-5 page", "WHO-5 answers")):
        target = QUESTIONNAIRE.search(shown)
        assert target is not None, page
        shown = get(page, target[1])
        data = {"key": KEY.search(shown)[1], "replaces": REPLACES.search(shown)[1]}
        data.update(dict(RADIO.findall(shown)))
        shown = post(answers, target[1], data).content.decode()
    ask = get("ask page", "/inquiries/ask/")
    data = {
        "key": KEY.search(ask)[1],
        "category": OPTION.findall(CATEGORY.search(ask)[1])[0],
        "title": "最近睡不好",
        "body": "最近值夜班以后总是睡不着,白天没精神,请问怎么调整作息比较好?",
        "safety_answer": "no",
    }
    thread = post("question", "/inquiries/ask/", data, status=302)["Location"]
    get("thread", thread)


def _counts(client: Client) -> tuple[dict[str, int], dict[str, int]]:
    """(queries per request, consent-table queries per request) of one round."""
    queries: dict[str, int] = {}
    consent: dict[str, int] = {}

    def measure(name: str, call: Callable[[], object]) -> object:
        with CaptureQueriesContext(connection) as captured:
            response = call()
        queries[name] = len(captured)
        consent[name] = sum('"consent_consent' in q["sql"] for q in captured.captured_queries)
        return response

    _round(client, measure)
    return queries, consent


@pytest.fixture
def seafarer_client(world: World) -> Client:
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    _round(client, lambda _name, call: call())  # one-off work: first session save, caches
    return client


def test_the_submission_path_costs_the_same_queries_whatever_the_history(
    world: World, seafarer_client: Client
) -> None:
    few, consent = _counts(seafarer_client)
    assert set(consent.values()) == {1}, consent  # the consent state: one query a request
    for n in range(20):
        add_response(world.seafarer, "who5", "good")
        Question.objects.create(
            seafarer=world.seafarer,
            category="other",
            title=f"旧问题{n}",
            body="旧",
            due_at=timezone.now(),
        )
    many, _consent = _counts(seafarer_client)
    assert many == few
    over = {name: (n, CEILINGS[name]) for name, n in few.items() if n > CEILINGS[name]}
    assert not over, over
