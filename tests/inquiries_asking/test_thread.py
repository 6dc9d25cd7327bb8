"""The seafarer's thread: their own only, follow-ups (idempotent, reopening, escalating), the
list of their questions, and photos served only to the author and clinicians."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.inquiries.actions.answering import do_claim_question, do_reply
from seafarers_home.inquiries.actions.asking import do_post_follow_up
from seafarers_home.inquiries.models import Question, Reply, Urgency
from seafarers_home.inquiries.services_ask import InquiryInvalid, NotTheAuthor
from seafarers_home.notifications.models import Notification
from tests.inquiries_asking.conftest import ask, gps_exif, jpeg_bytes
from tests.personas import World


@pytest.fixture
def question(world: World) -> Question:
    return ask(world.seafarer, photos=[jpeg_bytes((1200, 900), exif=gps_exif())])


def test_it_shows_the_thread_with_the_doctors_replies(
    seafarer_client: Client, world: World, question: Question
) -> None:
    do_reply(question, world.clinician, "多喝水,按时休息,如果加重请告诉船长。")
    html = seafarer_client.get(f"/inquiries/{question.pk}/").content.decode()
    assert "头疼睡不好" in html and "多喝水,按时休息" in html
    assert f'action="/inquiries/{question.pk}/follow-up/"' in html
    assert world.clinician.phone not in html


def test_it_answers_404_to_everyone_else(
    seafarer_b_client: Client, client_for, question: Question
) -> None:
    photo = question.photos.get()
    urls = [
        f"/inquiries/{question.pk}/",
        f"/inquiries/{question.pk}/photos/{photo.pk}/",
    ]
    for url in urls:
        assert seafarer_b_client.get(url).status_code == 404
        for persona in ("outsider", "union_staff", "officer_a", "counsellor"):
            assert client_for(persona).get(url).status_code == 404, (persona, url)
    posted = seafarer_b_client.post(f"/inquiries/{question.pk}/follow-up/", {"body": "我也是"})
    assert posted.status_code == 404
    assert not Reply.objects.exists()
    assert seafarer_b_client.get("/inquiries/999999/").status_code == 404


def test_it_serves_the_photo_to_the_author_and_to_clinicians_privately(
    seafarer_client: Client, client_for, question: Question, world: World
) -> None:
    photo = question.photos.get()
    url = f"/inquiries/{question.pk}/photos/{photo.pk}/"
    mine = seafarer_client.get(url)
    assert mine.status_code == 200
    assert mine["Content-Type"] == "image/jpeg"
    assert "private" in mine["Cache-Control"]
    served = Image.open(io.BytesIO(mine.content))
    assert served.size == (1024, 768) and len(served.getexif()) == 0
    assert not AuditEvent.objects.filter(action="inquiry.photo_read").exists()

    doctor = client_for("clinician").get(url)
    assert doctor.status_code == 200 and doctor.content == mine.content
    read = AuditEvent.objects.get(action="inquiry.photo_read")
    assert read.actor_id == world.clinician.pk and read.target_id == str(question.pk)
    # a photo id of another question under this question's URL is not found
    other = ask(world.seafarer_b, photos=[jpeg_bytes((300, 200))]).photos.get()
    assert seafarer_client.get(f"/inquiries/{question.pk}/photos/{other.pk}/").status_code == 404


def test_it_lists_only_the_seafarers_own_questions(
    seafarer_client: Client, world: World, question: Question
) -> None:
    ask(world.seafarer_b, title="李强的问题")
    html = seafarer_client.get("/inquiries/").content.decode()
    assert f'href="/inquiries/{question.pk}/"' in html and "头疼睡不好" in html
    assert "李强的问题" not in html
    assert 'href="/inquiries/ask/"' in html


def test_it_takes_a_follow_up_once_and_sends_it_back_to_the_doctor(
    seafarer_client: Client, world: World, question: Question, django_capture_on_commit_callbacks
) -> None:
    do_claim_question(question, world.clinician)
    do_reply(question, world.clinician, "头疼在哪个位置?", kind=Reply.Kind.CLARIFICATION)
    question.refresh_from_db()
    assert question.status == Question.Status.AWAITING_SEAFARER
    data = {"key": "fu-1", "body": "后脑勺疼,下午更厉害。"}
    with django_capture_on_commit_callbacks(execute=True):
        first = seafarer_client.post(f"/inquiries/{question.pk}/follow-up/", data)
    second = seafarer_client.post(f"/inquiries/{question.pk}/follow-up/", data)
    reply = Reply.objects.get(kind=Reply.Kind.FOLLOW_UP)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == f"/inquiries/{question.pk}/#reply-{reply.pk}"
    assert reply.author == world.seafarer and reply.body == "后脑勺疼,下午更厉害。"
    question.refresh_from_db()
    assert question.status == Question.Status.CLAIMED
    # the doctor handling it is told, without health details
    note = Notification.objects.get(user=world.clinician, kind="inquiry.follow_up")
    assert "头疼" not in note.message and "后脑勺" not in note.message
    with pytest.raises(IdempotencyConflict):
        do_post_follow_up(question, world.seafarer, "改了内容", idempotency_key="fu-1")
    assert Reply.objects.filter(kind=Reply.Kind.FOLLOW_UP).count() == 1


def test_it_escalates_a_question_for_red_flags_in_a_follow_up(
    world: World, question: Question
) -> None:
    assert question.urgency == Urgency.ROUTINE
    do_post_follow_up(question, world.seafarer, "现在又开始胸口疼,出了一身冷汗。")
    question.refresh_from_db()
    assert question.urgency == Urgency.URGENT_PHYSICAL and "chest_pain" in question.red_flags
    assert not CrisisAlert.objects.exists()

    do_post_follow_up(question, world.seafarer, "说实话我有时候想自杀。")
    do_post_follow_up(question, world.seafarer, "真的不想活了。")  # the alert still waits
    question.refresh_from_db()
    assert question.urgency == Urgency.URGENT_MENTAL
    assert question.red_flags[0] == "chest_pain"
    assert {"suicide", "death_wish"} <= set(question.red_flags)
    alert = CrisisAlert.objects.get()
    assert (alert.source, alert.source_id) == ("inquiry", str(question.pk))


def test_it_shows_the_crisis_notice_after_a_red_flag_follow_up(
    seafarer_client: Client, question: Question
) -> None:
    response = seafarer_client.post(
        f"/inquiries/{question.pk}/follow-up/", {"key": "k", "body": "I want to kill myself"}
    )
    html = seafarer_client.get(response["Location"].split("#")[0]).content.decode()
    assert html.index('id="crisis"') < html.index("<h1>")
    assert CrisisAlert.objects.count() == 1


def test_it_refuses_an_empty_or_oversized_follow_up(
    seafarer_client: Client, question: Question
) -> None:
    empty = seafarer_client.post(f"/inquiries/{question.pk}/follow-up/", {"body": "  "})
    assert empty.status_code == 400 and "这一项必须填写" in empty.content.decode()
    long = seafarer_client.post(f"/inquiries/{question.pk}/follow-up/", {"body": "疼" * 4001})
    assert long.status_code == 400 and "最多 4000 个字" in long.content.decode()
    assert not Reply.objects.exists()


def test_it_refuses_follow_ups_to_a_closed_question_or_by_someone_else(
    world: World, question: Question
) -> None:
    with pytest.raises(NotTheAuthor):
        do_post_follow_up(question, world.seafarer_b, "我也头疼")
    Question.objects.filter(pk=question.pk).update(status=Question.Status.CLOSED)
    question.refresh_from_db()
    with pytest.raises(InquiryInvalid) as refused:
        do_post_follow_up(question, world.seafarer, "还在疼")
    assert "已经关闭" in refused.value.errors["body"]
    assert not Reply.objects.exists()
