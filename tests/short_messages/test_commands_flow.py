"""Every text command end to end through the signed webhook (issue 14 item 4): what it stores,
through the same actions as the web, and its reply — within one BeiDou-3 global message (or
numbered parts that each are), with no score or health detail in it."""

from __future__ import annotations

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert, HelpRequest
from seafarers_home.alerts.person import person_for
from seafarers_home.hotline.models import CallbackRequest
from seafarers_home.inquiries.actions.answering import do_reply
from seafarers_home.inquiries.models import Question
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import Response, RiskLevel
from seafarers_home.screening.scoring import score
from seafarers_home.short_messages import handlers
from seafarers_home.short_messages.encoding import fits
from seafarers_home.short_messages.models import InboundMessage, Terminal
from tests.short_messages.conftest import BEIDOU_CARD, beidou, texts_to


def _reply(sent: list, message: dict, deliver) -> str:
    before = len(texts_to(sent, BEIDOU_CARD))
    assert deliver("beidou", message).status_code == 200
    parts = texts_to(sent, BEIDOU_CARD)[before:]
    assert parts and all(fits(part) for part in parts), parts
    return " ".join(parts)


def test_help_answers_with_the_menu_and_the_numbers(world, bound, deliver, sent):
    for text in ("帮助", "H", "?", ""):
        reply = _reply(sent, beidou(text), deliver)
        assert "求助/SOS" in reply and "12356" in reply


def test_sos_raises_the_alert_and_a_callback_and_the_position_reaches_the_staff(
    world, bound, deliver, sent
):
    reply = _reply(sent, beidou("求助", latitude=29.95, longitude=122.3), deliver)
    alert = CrisisAlert.objects.get()
    assert (alert.seafarer, alert.source, alert.reason) == (
        world.consented_seafarer,
        "self",
        "help_now",
    )
    press = HelpRequest.objects.get()
    assert press.callback is not None and press.callback.status == "scheduled"
    message = InboundMessage.objects.get()
    assert (message.alert_id, message.callback_id) == (alert.pk, press.callback_id)
    assert "求助已收到" in reply and "12395" in reply
    assert person_for(alert).position.startswith("29.95000°N 122.30000°E")


def test_sos_raises_the_alert_in_the_same_transaction_as_the_message(
    world, bound, deliver, sent, monkeypatch
):
    """Should anything after the alert fail (here: storing the reply), the message is not
    stored either, so the gateway's resend raises it again: a crisis signal is never lost."""

    def fail(*args, **kwargs):
        raise RuntimeError("the outbox is broken")

    monkeypatch.setattr("seafarers_home.short_messages.actions.inbound.store_outbound", fail)
    with pytest.raises(RuntimeError):
        deliver("beidou", beidou("SOS", message_id="BD-SOS"))
    assert not CrisisAlert.objects.exists() and not InboundMessage.objects.exists()
    monkeypatch.undo()
    deliver("beidou", beidou("SOS", message_id="BD-SOS"))
    assert CrisisAlert.objects.count() == 1


def test_a_callback_window_is_read_in_the_ship_zone_of_the_message(world, bound, deliver, sent):
    reply = _reply(sent, beidou("CB 20-22", latitude=-30, longitude=151), deliver)
    callback = CallbackRequest.objects.get()
    ship = ZoneInfo("Etc/GMT-10")  # 151°E: UTC+10
    end = callback.window_end.astimezone(ship)
    assert (end.hour, end.minute) == (22, 0)
    assert callback.window_start < callback.window_end
    assert "UTC+10" in reply and "22:00" in reply
    # Without a position: the seafarer's own zone; without a window: the next two hours.
    _reply(sent, beidou("回电"), deliver)
    latest = CallbackRequest.objects.latest("pk")
    assert latest.window_end - latest.window_start <= datetime.timedelta(hours=2, minutes=1)


def test_a_callback_window_that_cannot_be_read_is_refused(world, bound, deliver, sent):
    reply = _reply(sent, beidou("CB 25-26"), deliver)
    assert "CB 20-22" in reply and not CallbackRequest.objects.exists()


def test_ok_completes_the_at_sea_check_in(world, bound, deliver, sent):
    from tests.short_messages.test_check_ins import at_sea_with_pulse

    task = at_sea_with_pulse(world.consented_seafarer)
    reply = _reply(sent, beidou("平安"), deliver)
    task.refresh_from_db()
    assert task.status == "done" and task.completed_at is not None
    assert "平安打卡已收到" in reply


@pytest.mark.parametrize(("text", "code"), [("P4 1203", "phq4"), ("w5 54321", "who5")])
def test_a_digit_string_is_scored_and_stored_as_the_web_form_would(
    world, bound, deliver, sent, text, code
):
    reply = _reply(sent, beidou(text), deliver)
    response = Response.objects.get(seafarer=world.consented_seafarer)
    expected = score(get_instrument(code), json.loads(response.answers))
    assert (response.instrument_code, response.total_score, response.band) == (
        code,
        expected.total,
        expected.band_code,
    )
    assert "答案已收到" in reply
    # No score, band or answer goes back to a shared terminal.
    assert f"{expected.total}分" not in reply and text.split()[1] not in reply


def test_a_crisis_answer_raises_the_alert_and_the_reply_gives_the_numbers(
    world, bound, deliver, sent
):
    reply = _reply(sent, beidou("P9 000000003"), deliver)  # PHQ-9 item 9: nearly every day
    response = Response.objects.get()
    assert response.risk_level == RiskLevel.CRISIS
    alert = CrisisAlert.objects.get()
    assert alert.source == "screening" and alert.source_id == str(response.pk)
    assert "医生会查看并联系您" in reply and "12356" in reply


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("P4 12a3", "只能是0到3"),  # a letter among the digits
        ("P4 1243", "只能是0到3"),  # PHQ-4 has no option 4
        ("P4 123", "需要4个数字"),
        ("P9 1203", "需要9个数字"),
        ("XYZ", "回复 帮助"),  # an unknown command
    ],
)
def test_bad_input_gets_a_short_clear_reply_and_nothing_is_stored(
    world, bound, deliver, sent, text, says
):
    reply = _reply(sent, beidou(text), deliver)
    assert says in reply and "未保存" in reply
    assert not Response.objects.exists() and not Question.objects.exists()


def test_a_message_over_the_size_limit_is_refused(world, bound, deliver, sent):
    reply = _reply(sent, beidou("睡不着" * 400), deliver)
    assert "太长" in reply and not Question.objects.exists()


def test_free_text_becomes_a_triaged_question_and_the_answer_comes_back_as_a_notice(
    world, bound, deliver, sent, committed
):
    reply = _reply(sent, beidou("最近一直睡不好,晚上总是醒,白天没精神,怎么办"), deliver)
    question = Question.objects.get()
    assert question.seafarer == world.consented_seafarer and question.location == "at_sea"
    assert "睡不好" in question.body and "留言已收到" in reply
    with committed():
        do_reply(question, world.clinician, "可以试试睡前不看手机,规律作息。")
    notice = texts_to(sent, BEIDOU_CARD)[-1]
    assert "医生已回复" in notice and "手机" not in notice  # a notice, not the answer


def test_crisis_words_in_free_text_raise_the_alert(world, bound, deliver, sent):
    reply = _reply(sent, beidou("我不想活了,活着没有意思"), deliver)
    question = Question.objects.get()
    assert question.urgency == "urgent_mental"
    assert CrisisAlert.objects.filter(source="inquiry").exists()
    assert "12356" in reply


def test_health_commands_need_the_health_data_consent(world, deliver, sent):
    Terminal.objects.create(
        seafarer=world.seafarer, gateway="beidou", address=BEIDOU_CARD, status="bound"
    )
    reply = _reply(sent, beidou("P4 1203"), deliver)
    assert "同意" in reply and not Response.objects.exists()
    # Asking for help needs no consent (PIPL art. 13(4)).
    _reply(sent, beidou("求助"), deliver)
    assert CrisisAlert.objects.filter(seafarer=world.seafarer).exists()


def test_the_ship_zone_follows_the_longitude(world):
    now = timezone.now()
    assert handlers.ship_zone(world.seafarer, _delivery(122.3)).utcoffset(
        now
    ) == datetime.timedelta(hours=8)
    assert handlers.ship_zone(world.seafarer, _delivery(-170)).utcoffset(now) == datetime.timedelta(
        hours=-11
    )


def _delivery(longitude: float):
    from seafarers_home.short_messages.gateways import Delivery

    return Delivery("beidou", "x", BEIDOU_CARD, "", 0.0, longitude)
