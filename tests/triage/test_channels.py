"""Every channel that takes a seafarer's words uses the one triage component (DOMAIN rule 8):
the message board's form, its API, follow-ups and the consultation booking's reason. The
safety question's "yes" raises exactly one alert however often the link resends; the person's
own record makes an ordinary question urgent."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.consultations.models import Appointment
from seafarers_home.core import crisis_help
from seafarers_home.inquiries.actions.asking import do_post_follow_up
from seafarers_home.inquiries.models import Question, Urgency
from seafarers_home.screening.models import Response
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.inquiries_asking.conftest import ask
from tests.personas import World, give_health_consent, login

ORDINARY = "出海第三天开始晕船很厉害,吃不下饭,船上药箱只有晕海宁,怎么办?"
# No word of the lexicon: only the classifier reads this as a crisis.
INDIRECT = "这次出海就没打算活着回去,跟家里也都说好了,你们别管我了"


def _form(**overrides: Any) -> dict[str, Any]:
    return {"key": "k-1", "category": "physical", "title": "晕船", "body": ORDINARY, **overrides}


def test_it_raises_one_alert_for_a_yes_however_often_the_form_is_resent(
    world: World, seafarer_client: Client
) -> None:
    for _ in range(3):
        response = seafarer_client.post("/inquiries/ask/", _form(safety_answer="yes"))
        assert response.status_code == 302
    question = Question.objects.get()
    assert question.safety_answer == "yes"
    assert question.urgency == Urgency.URGENT_MENTAL
    alert = CrisisAlert.objects.get()
    assert (alert.source, alert.source_id, alert.reason) == (
        "inquiry",
        str(question.pk),
        "safety_question_yes",
    )
    thread = seafarer_client.get(f"/inquiries/q/{question.pk}/")
    assert "12356" in thread.content.decode()  # the crisis box, at once


def test_it_asks_the_safety_question_on_the_form_and_stores_a_no(
    world: World, seafarer_client: Client
) -> None:
    page = seafarer_client.get("/inquiries/ask/").content.decode()
    assert "最近有没有伤害自己或结束生命的想法" in page
    assert 'name="safety_answer" value="yes"' in page
    seafarer_client.post("/inquiries/ask/", _form(safety_answer="no"))
    question = Question.objects.get()
    assert (question.safety_answer, question.urgency) == ("no", Urgency.ROUTINE)
    assert not CrisisAlert.objects.exists()


def test_a_bad_safety_answer_stores_nothing(world: World, seafarer_client: Client) -> None:
    response = seafarer_client.post("/inquiries/ask/", _form(safety_answer="perhaps"))
    assert response.status_code == 400
    assert "请从给出的选项中选择" in response.content.decode()
    assert not Question.objects.exists() and not CrisisAlert.objects.exists()


def test_the_classifier_catches_what_the_lexicon_misses(world: World) -> None:
    give_health_consent(world.seafarer)
    question = ask(world.seafarer, body=INDIRECT, title="没什么")
    assert question.urgency == Urgency.URGENT_MENTAL
    assert "classifier_crisis" in question.red_flags
    assert CrisisAlert.objects.get().reason == "red_flag_words"


def test_the_api_takes_the_safety_answer_and_raises_one_alert(world: World, bearer) -> None:
    give_health_consent(world.seafarer)
    client = bearer("seafarer")
    payload = {"category": "physical", "title": "晕船", "body": ORDINARY, "safety_answer": "yes"}
    responses = [
        client.post(
            "/api/v1/inquiries/questions",
            json.dumps(payload),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="api-1",
        )
        for _ in range(2)
    ]
    assert [r.status_code for r in responses] == [201, 200]
    body = responses[0].json()
    assert body["safety_answer"] == "yes" and body["urgency"] == "urgent_mental"
    assert "12356" in body["urgent_notice"]
    assert CrisisAlert.objects.count() == 1
    bad = client.post(
        "/api/v1/inquiries/questions",
        json.dumps({**payload, "safety_answer": "maybe"}),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="api-2",
    )
    assert bad.status_code == 422 and Question.objects.count() == 1


def test_a_follow_up_in_crisis_raises_the_alert(world: World) -> None:
    give_health_consent(world.seafarer)
    question = ask(world.seafarer)
    assert question.urgency == Urgency.ROUTINE
    do_post_follow_up(question, world.seafarer, "其实我已经给老婆写好了信,把银行卡密码也告诉她了")
    question.refresh_from_db()
    assert question.urgency == Urgency.URGENT_MENTAL
    assert "preparation" in question.red_flags
    assert CrisisAlert.objects.filter(source_id=str(question.pk)).count() == 1


def test_a_positive_phq9_item9_makes_an_ordinary_question_urgent(world: World) -> None:
    give_health_consent(world.seafarer)
    Response.objects.create(
        seafarer=world.seafarer,
        instrument_code="phq9",
        instrument_version="1.0",
        answers='{"phq9_9": 1}',
        safety_positive=True,
    )
    question = ask(world.seafarer)
    assert question.urgency == Urgency.URGENT_MENTAL
    assert question.red_flags == ["context_phq9_item9"]
    assert not CrisisAlert.objects.exists()  # context is not a new crisis statement
    other = ask(world.seafarer_b) if give_health_consent(world.seafarer_b) is None else None
    assert other is not None and other.urgency == Urgency.ROUTINE


def test_a_recent_alert_makes_an_ordinary_question_urgent(world: World) -> None:
    give_health_consent(world.seafarer)
    CrisisAlert.objects.create(
        seafarer=world.seafarer,
        source="screening",
        reason="phq9_item9",
        status=CrisisAlert.Status.RESOLVED,
        resolved_at=timezone.now() - timedelta(days=3),
    )
    assert ask(world.seafarer).urgency == Urgency.URGENT_MENTAL
    CrisisAlert.objects.update(resolved_at=timezone.now() - timedelta(days=90))
    assert ask(world.seafarer, title="又晕船").urgency == Urgency.ROUTINE


def test_the_clinician_reads_reasons_not_codes(world: World, client_for) -> None:
    give_health_consent(world.seafarer)
    question = ask(world.seafarer, body="站在甲板上想跳海,我已经写好遗书了", safety_answer="yes")
    page = client_for("clinician").get(f"/inquiries/staff/{question.pk}/").content.decode()
    assert "提到自杀的方法或手段" in page and "有告别或安排后事的准备" in page
    assert "suicide_method" not in page and "preparation" not in page.split("危险信号")[1][:400]
    assert "本人回答最近有伤害自己或结束生命的想法" in page


@pytest.mark.parametrize(
    ("reason", "alerts"),
    [("睡不着,想家", 0), ("这几天一直在想从船上跳下去,想找医生说说", 1)],
)
def test_the_booking_reason_is_triaged(
    world: World, seafarer_client: Client, reason: str, alerts: int
) -> None:
    slot = make_slot(world, at_hospital(hospital_day(3), 10))
    for _ in range(2):  # a resend books once and raises nothing twice
        response = seafarer_client.post(
            f"/consultations/book/{slot.pk}/",
            {"reason": reason, "idempotency_key": "b-1"},
            follow=True,
        )
        assert response.status_code == 200
    appointment = Appointment.objects.get()
    found = CrisisAlert.objects.filter(source="consultation", source_id=str(appointment.pk))
    assert found.count() == alerts
    notice = escape(crisis_help.crisis_notice_text())
    assert (notice in response.content.decode()) == bool(alerts)


def test_staff_pages_need_login(world: World) -> None:
    assert login(Client(), world.seafarer).get("/inquiries/staff/").status_code == 404
