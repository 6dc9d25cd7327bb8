"""One crisis box (issue 16 item 4, DOMAIN rule 8): the help page, the result of a screening
with a crisis answer, a red-flagged question, the "I need help now" page and the API's urgent
notice show the same help, from one template and one text source."""

from __future__ import annotations

import json
import re

from django.test import Client

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.core.crisis_help import crisis_lines, crisis_notice_text
from seafarers_home.screening.models import Screening
from tests.personas import give_health_consent, login
from tests.screening_take.conftest import answers_for, batteries  # noqa: F401 (fixture)

BOX = re.compile(r'<section class="crisis-box".*?</section>', re.S)
LINES = re.compile(r'<ul class="help-list">.*?</ul>', re.S)


def _box(html: str) -> tuple[str, str]:
    """The box of a page and its list of numbers (the part that must be byte-identical)."""
    boxes = BOX.findall(html)
    assert len(boxes) == 1, "exactly one crisis box on the page"
    return boxes[0], LINES.search(boxes[0]).group(0)


def _screening_result(client: Client) -> str:
    client.post("/screening/", {"battery": "at-sea-pulse"})  # answered with the first page
    screening = Screening.objects.filter(status=Screening.Status.IN_PROGRESS).latest("created_at")
    screening.instrument_codes = ["phq9"]
    screening.save()
    answers = {**answers_for("phq9"), "phq9_9": "1", "key": "s1"}
    client.post(f"/screening/{screening.pk}/phq9/", answers)  # answered with the result
    return client.get(f"/screening/{screening.pk}/result/").content.decode()


def _red_flag_thread(client: Client) -> str:
    asked = client.post(
        "/inquiries/ask/",
        {"key": "q1", "category": "mental", "title": "睡不着", "body": "觉得活着没意思,不想活了。"},
    )
    return client.get(asked["Location"]).content.decode()


def test_every_page_that_shows_crisis_help_shows_the_same_box(world, batteries):  # noqa: F811
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    pages = {
        "help": client.get("/help/").content.decode(),
        "screening": _screening_result(client),
        "question": _red_flag_thread(client),
        "help_now": client.get(
            client.post("/alerts/help-now/", {"key": "h"})["Location"]
        ).content.decode(),
    }
    lists = {name: _box(html)[1] for name, html in pages.items()}
    assert len(set(lists.values())) == 1, "the numbers differ between pages"
    numbers = lists["help"]
    for line in crisis_lines():
        assert f'href="tel:{line.number}"' in numbers
    assert 'href="tel:12356"' in numbers and 'href="tel:12395"' in numbers
    # Where a doctor was alerted, the box says so; the help page does not promise it.
    assert "值班医生已经收到提醒" in _box(pages["screening"])[0]
    assert "值班医生已经收到提醒" in _box(pages["question"])[0]
    assert "值班医生已经收到提醒" not in _box(pages["help"])[0]


def test_anonymous_visitors_see_the_same_box_on_the_help_page(world):
    anonymous = Client().get("/help/").content.decode()
    signed_in = login(Client(), world.seafarer).get("/help/").content.decode()
    assert _box(anonymous)[1] == _box(signed_in)[1]


def test_the_api_urgent_notice_is_the_same_text(world):
    give_health_consent(world.seafarer)
    _token, plaintext = do_issue_api_token(world.seafarer, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    response = api.post(
        "/api/v1/inquiries/questions",
        json.dumps({"category": "mental", "title": "睡不着", "body": "最近活着没意思,不想活了"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert response.status_code == 201
    notice = response.json()["urgent_notice"]
    assert notice == crisis_notice_text()
    for line in crisis_lines()[:2]:
        assert line.number in notice
