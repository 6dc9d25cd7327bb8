"""Binding a terminal in the app (issue 14 item 3): the code goes to the terminal by its own
gateway, the seafarer types it in; it expires, allows a few tries, and a terminal answers for
one seafarer at a time. Unbinding, the check-ins switch, and the command card."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.notifications.models import Notification
from seafarers_home.short_messages.encoding import fits
from seafarers_home.short_messages.models import Terminal
from tests.personas import login
from tests.short_messages.conftest import BEIDOU_CARD, IMEI, beidou, texts_to


def _code(sent: list, address: str) -> str:
    return re.search(r"\d{6}", texts_to(sent, address)[-1]).group()


def test_a_seafarer_binds_a_beidou_terminal_with_the_code_it_received(
    world, sent, deliver, committed
):
    client = login(Client(), world.consented_seafarer)
    with committed():
        answer = client.post("/short-messages/", {"gateway": "beidou", "address": " 210 4567 "})
    assert answer.status_code == 302
    terminal = Terminal.objects.get()
    assert (terminal.address, terminal.status) == (BEIDOU_CARD, "pending")
    assert sent[-1][:2] == ("beidou", BEIDOU_CARD) and fits(sent[-1][2])
    code = _code(sent, BEIDOU_CARD)
    assert code not in terminal.code_hash  # stored hashed

    wrong = "000000" if code != "000000" else "111111"
    client.post(f"/short-messages/{terminal.pk}/confirm/", {"code": wrong})
    terminal.refresh_from_db()
    assert (terminal.status, terminal.code_attempts) == ("pending", 1)
    client.post(f"/short-messages/{terminal.pk}/confirm/", {"code": code})
    terminal.refresh_from_db()
    assert terminal.status == "bound" and terminal.bound_at is not None
    page = client.get("/short-messages/").content.decode()
    assert "…4567" in page and "已绑定" in page and "/short-messages/card/" in page
    # From now on the terminal speaks for the seafarer.
    deliver("beidou", beidou("平安"))
    assert "平安打卡已收到" in texts_to(sent, BEIDOU_CARD)[-1]


def test_a_wrong_number_is_refused_with_a_clear_error_and_nothing_is_stored(world, sent):
    client = login(Client(), world.consented_seafarer)
    for gateway, address, says in (
        ("iridium", "300234010753370", "IMEI"),  # the Luhn digit is wrong
        ("iridium", "30023401075337", "IMEI"),  # 14 digits
        ("sms", "12345678901", "11位"),
        ("beidou", "12ab", "北斗卡号"),
        ("fax", "123456", "终端类型"),
    ):
        answer = client.post("/short-messages/", {"gateway": gateway, "address": address})
        assert answer.status_code == 400 and says in answer.content.decode(), address
    assert not Terminal.objects.exists() and sent == []
    assert (
        client.post("/short-messages/", {"gateway": "iridium", "address": IMEI}).status_code == 302
    )


def test_the_code_expires_and_allows_a_few_tries(world, sent, settings, committed):
    settings.SHORT_MESSAGE_CODE_MAX_ATTEMPTS = 2
    client = login(Client(), world.consented_seafarer)
    with committed():
        client.post("/short-messages/", {"gateway": "beidou", "address": BEIDOU_CARD})
    terminal = Terminal.objects.get()
    code = _code(sent, BEIDOU_CARD)
    for _ in range(3):
        client.post(f"/short-messages/{terminal.pk}/confirm/", {"code": "x"})
    answer = client.post(f"/short-messages/{terminal.pk}/confirm/", {"code": code}, follow=True)
    assert "错误次数太多" in answer.content.decode()
    terminal.refresh_from_db()
    assert terminal.status == "pending"
    # A new code after a minute; an expired one is refused.
    Terminal.objects.filter(pk=terminal.pk).update(
        code_sent_at=timezone.now() - timedelta(minutes=2)
    )
    client.post("/short-messages/", {"gateway": "beidou", "address": BEIDOU_CARD})
    code = _code(sent, BEIDOU_CARD)
    Terminal.objects.filter(pk=terminal.pk).update(
        code_expires_at=timezone.now() - timedelta(seconds=1)
    )
    answer = client.post(f"/short-messages/{terminal.pk}/confirm/", {"code": code}, follow=True)
    assert "已过期" in answer.content.decode()


def test_a_terminal_answers_for_one_seafarer_at_a_time(world, sent, bound, committed):
    other = login(Client(), world.consented_seafarer_b)
    with committed():
        other.post("/short-messages/", {"gateway": "beidou", "address": BEIDOU_CARD})
    pending = Terminal.objects.get(seafarer=world.consented_seafarer_b)
    other.post(f"/short-messages/{pending.pk}/confirm/", {"code": _code(sent, BEIDOU_CARD)})
    assert list(Terminal.objects.values_list("seafarer", "status")) == [
        (world.consented_seafarer_b.pk, "bound")
    ]
    assert Notification.objects.filter(
        user=world.consented_seafarer, kind="short_messages.terminal_moved"
    ).exists()


def test_unbinding_and_the_check_ins_switch_are_the_owners_only(world, sent, bound):
    owner = login(Client(), world.consented_seafarer)
    stranger = login(Client(), world.consented_seafarer_b)
    assert stranger.post(f"/short-messages/{bound.pk}/unbind/").status_code == 404
    owner.post(f"/short-messages/{bound.pk}/proactive/", {})
    bound.refresh_from_db()
    assert bound.proactive is False
    owner.post(f"/short-messages/{bound.pk}/proactive/", {"proactive": "on"})
    bound.refresh_from_db()
    assert bound.proactive is True
    owner.post(f"/short-messages/{bound.pk}/unbind/")
    assert not Terminal.objects.exists()
    assert AuditEvent.objects.filter(action="short_messages.terminal_unbind").exists()


def test_the_command_card_prints_the_commands_questions_and_numbers(world, client):
    page = client.get("/short-messages/card/")
    assert page.status_code == 200
    text = page.content.decode()
    for expected in ("求助 / SOS", "回电 / CB 20-22", "平安 / OK", "P4 1203", "12356", "12395"):
        assert expected in text
    assert "感到心情低落、沮丧或绝望" in text  # PHQ-4's questions, in order
    assert "0=完全不会" in text and "3=几乎每天" in text  # and the answers' digits
    assert "short_messages/card" in text  # the print stylesheet
