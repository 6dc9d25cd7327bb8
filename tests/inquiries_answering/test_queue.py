"""The clinicians' queue: most urgent first, then the longest waiting; filters; overdue."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from seafarers_home.audit.models import AuditEvent
from tests.inquiries_answering.conftest import make_question
from tests.personas import World

pytestmark = pytest.mark.django_db

H = timedelta(hours=1)


def _order(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/inquiries/staff/(\d+)/"', html)]


def test_it_orders_mental_then_physical_urgent_then_routine_then_oldest(world: World, client_for):
    s = world.seafarer
    routine_old = make_question(s, title="常规旧", asked_ago=30 * H)
    routine_new = make_question(s, title="常规新", asked_ago=1 * H)
    physical_new = make_question(s, title="身体新", urgency="urgent_physical", asked_ago=2 * H)
    physical_old = make_question(s, title="身体旧", urgency="urgent_physical", asked_ago=5 * H)
    mental = make_question(s, title="心理", category="mental", urgency="urgent_mental")

    html = client_for("clinician").get("/inquiries/staff/").content.decode()

    assert _order(html) == [
        mental.pk,
        physical_old.pk,
        physical_new.pk,
        routine_old.pk,
        routine_new.pk,
    ]


def test_it_shows_waiting_questions_only_unless_asked_for_a_status(world: World, client_for):
    waiting = make_question(world.seafarer, title="等待")
    answered = make_question(world.seafarer, title="已答", status="answered")
    awaiting = make_question(world.seafarer, title="待补充", status="awaiting_seafarer")
    client = client_for("clinician")

    assert _order(client.get("/inquiries/staff/").content.decode()) == [waiting.pk]
    by_status = client.get("/inquiries/staff/?status=answered").content.decode()
    assert _order(by_status) == [answered.pk]
    every = client.get("/inquiries/staff/?status=").content.decode()
    assert set(_order(every)) == {waiting.pk, answered.pk, awaiting.pk}


def test_it_filters_by_category(world: World, client_for):
    diet = make_question(world.seafarer, title="饮食", category="diet")
    make_question(world.seafarer, title="用药", category="medication")

    html = client_for("clinician").get("/inquiries/staff/?category=diet").content.decode()

    assert _order(html) == [diet.pk]


def test_it_filters_by_my_specialty(world: World, client_for):
    mental = make_question(world.seafarer, title="心理", category="mental")
    diet = make_question(world.seafarer, title="饮食", category="diet")
    make_question(world.seafarer, title="用药", category="medication")
    client = client_for("clinician")

    unset = client.get("/inquiries/staff/?mine=1").content.decode()
    assert _order(unset) == []
    assert "您还没有设置专长" in unset

    saved = client.post("/inquiries/staff/specialties/", {"categories": ["mental", "diet"]})
    assert saved.status_code == 302
    html = client.get("/inquiries/staff/?mine=on").content.decode()
    assert set(_order(html)) == {mental.pk, diet.pk}
    # Another clinician's specialties are their own.
    form = client.get("/inquiries/staff/specialties/").content.decode()
    assert re.search(r'value="mental"[^>]*checked', form)


def test_it_marks_questions_past_their_promised_time_as_overdue(world: World, client_for):
    late = make_question(world.seafarer, title="超时的", due_in=-H, asked_ago=25 * H)
    make_question(world.seafarer, title="未超时的", due_in=H)

    html = client_for("clinician").get("/inquiries/staff/").content.decode()

    rows = {pk: row for pk, row in _rows(html)}
    assert "已超时" in rows[late.pk]
    assert sum("已超时" in row for row in rows.values()) == 1


def _rows(html: str) -> list[tuple[int, str]]:
    found = []
    for row in re.findall(r"<tr class=.*?</tr>", html, flags=re.S):
        pk = _order(row)
        if pk:
            found.append((pk[0], row))
    return found


def test_it_audits_who_looked_at_the_queue(world: World, client_for):
    question = make_question(world.seafarer)

    client_for("clinician").get("/inquiries/staff/")

    event = AuditEvent.objects.get(action="inquiry.queue")
    assert event.actor_id == world.clinician.pk
    assert event.detail == {"questions": [question.pk]}


@pytest.mark.parametrize("persona", ["seafarer", "union_staff", "counsellor", "admin"])
def test_it_refuses_the_queue_to_everyone_but_clinicians(persona: str, client_for):
    assert client_for(persona).get("/inquiries/staff/").status_code == 404
