"""Issue 16 item 10: staff read red-flag signals and instruments in words, never as stored
codes (``death_wish``, ``chest_pain``, ``k10_safety_item``), on the alert board, the alert
page, the live board's payload and the message-board queue."""

from __future__ import annotations

import pytest
from django.utils import translation

from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.services import alert_payload
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.triage.service import reason_label
from tests.personas import World, give_health_consent

pytestmark = pytest.mark.django_db

WORDS = "最近在船上总是想死,胸口很痛,不想活了"
CODES = ("death_wish", "chest_pain", "red_flag_words", "safety_question_yes", "_safety_item")


@pytest.fixture(autouse=True)
def chinese_afterwards():
    # A request in English leaves English active in this thread; later tests expect Chinese.
    yield
    translation.activate("zh-hans")


@pytest.fixture
def asked(world: World):
    give_health_consent(world.seafarer)
    question = do_ask_question(
        world.seafarer, category="mental", title="晚上睡不着", body=WORDS, safety_answer="yes"
    )
    assert {"death_wish", "chest_pain"} <= set(question.red_flags)
    return question


def _no_codes(html: str) -> None:
    for code in CODES:
        assert code not in html, code


def test_the_board_and_the_alert_page_name_the_signals_in_words(world, client_for, asked):
    alert = CrisisAlert.objects.get(source="inquiry", source_id=str(asked.pk))
    client = client_for("clinician")
    board = client.get("/alerts/").content.decode()
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    for html in (board, page):
        assert reason_label("death_wish") in html  # 想死或不想活
        assert reason_label("chest_pain") in html
        _no_codes(html)
    assert reason_label("death_wish") in alert_payload(alert)["reason"]


def test_the_signals_are_english_for_an_english_reader(world, client_for, asked):
    client = client_for("clinician")
    board = client.get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    with translation.override("en"):
        english = reason_label("death_wish")
    with translation.override("zh-hans"):
        assert english != reason_label("death_wish")
    assert english in board
    _no_codes(board)


def test_the_message_board_queue_names_the_signals(world, client_for, asked):
    queue = client_for("clinician").get("/inquiries/staff/").content.decode()
    assert reason_label("death_wish") in queue
    assert reason_label("chest_pain") in queue
    _no_codes(queue)


def test_a_safety_item_of_another_instrument_is_named_by_the_instrument(world, client_for):
    from seafarers_home.screening.instruments import get_instrument

    do_raise_crisis_alert(
        world.seafarer, source="screening", source_id="0", reason="k10_safety_item"
    )
    board = client_for("clinician").get("/alerts/").content.decode()
    assert get_instrument("k10").title in board
    _no_codes(board)
