"""Replying: answers and follow-up questions, the seafarer's notification (no health details),
resent forms, marking answered, templates inserted without JavaScript."""

from __future__ import annotations

import pytest
from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.inquiries.models import AnswerTemplate, Question, Reply
from seafarers_home.notifications.models import Notification
from tests.inquiries_answering.conftest import BODY, make_question
from tests.personas import World, give_health_consent

pytestmark = pytest.mark.django_db

ANSWER = "胸口疼伴出汗时请立即联系船长和无线电医疗咨询;平时可先休息,避免劳累。"


@pytest.fixture
def post_reply(django_capture_on_commit_callbacks):
    """POST the reply form; the notifications sent after commit are delivered."""

    def post(client, question: Question, body: str = ANSWER, kind: str = "answer", key="k1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                f"/inquiries/staff/{question.pk}/reply/",
                {"kind": kind, "body": body, "idempotency_key": key},
            )

    return post


def test_it_tells_the_seafarer_a_reply_waits_without_health_details(
    world: World, question: Question, client_for, outbox, post_reply
):
    response = post_reply(client_for("clinician"), question)

    assert response.status_code == 302
    reply = Reply.objects.get(question=question)
    assert (reply.kind, reply.body, reply.author) == ("answer", ANSWER, world.clinician)
    assert outbox == [(world.seafarer.phone, "海员之家:您的在线咨询有新回复。")]
    notification = Notification.objects.get(user=world.seafarer)
    assert notification.kind == "inquiry.reply"
    assert notification.url == reverse("inquiries:thread", kwargs={"pk": question.pk})
    for private in ("胸口", "疼", question.title, "止痛", "陈医生", "王海"):
        assert private not in notification.message
        assert private not in outbox[0][1]
    question.refresh_from_db()
    assert question.first_answered_at is not None
    assert question.status == "claimed"


def test_it_waits_for_the_seafarer_after_a_follow_up_question(
    world: World, question: Question, client_for, outbox, post_reply
):
    post_reply(
        client_for("clinician"), question, body="疼痛持续多久了?有没有出汗?", kind="clarification"
    )

    question.refresh_from_db()
    assert question.status == "awaiting_seafarer"
    assert question.first_answered_at is not None
    assert outbox == [(world.seafarer.phone, "海员之家:医生对您的在线咨询有追问,请查看并补充。")]
    # Each reads the status in their own words: "waiting for you" is the seafarer's.
    staff = client_for("clinician").get(f"/inquiries/staff/{question.pk}/").content.decode()
    assert "等待海员补充" in staff and "等待您补充" not in staff
    give_health_consent(world.seafarer)
    assert "等待您补充" in client_for("seafarer").get("/inquiries/").content.decode()


def test_it_posts_a_resent_reply_once(
    world: World, question: Question, client_for, outbox, post_reply
):
    client = client_for("clinician")
    post_reply(client, question, key="same")
    again = post_reply(client, question, key="same")

    assert again.status_code == 302
    assert Reply.objects.filter(question=question).count() == 1
    assert len(outbox) == 1
    assert AuditEvent.objects.filter(action="inquiry.reply").count() == 1
    # The same key with other text is a different submission: refused, nothing stored.
    conflict = post_reply(client, question, body="另一段回复", key="same")
    assert "这份表单已经提交过不同的内容" in conflict.content.decode()
    assert Reply.objects.filter(question=question).count() == 1


def test_it_refuses_an_empty_reply(question: Question, client_for, outbox, post_reply):
    response = post_reply(client_for("clinician"), question, body="   ")

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not Reply.objects.exists()
    assert outbox == []


def test_it_marks_answered_only_after_an_answer(
    world: World, question: Question, client_for, post_reply
):
    client = client_for("clinician")
    client.post(f"/inquiries/staff/{question.pk}/claim/")

    early = client.post(f"/inquiries/staff/{question.pk}/answered/", follow=True)
    assert "还没有回答,不能标记为已回复" in early.content.decode()
    question.refresh_from_db()
    assert question.status == "claimed"

    post_reply(client, question)
    client.post(f"/inquiries/staff/{question.pk}/answered/")
    question.refresh_from_db()
    assert question.status == "answered"
    assert question.answered_at is not None
    assert AuditEvent.objects.filter(action="inquiry.mark_answered").count() == 1
    # Answered: no "release" that would take the doctor's name off the answered question.
    page = client.get(f"/inquiries/staff/{question.pk}/").content.decode()
    assert "您已回复这条留言" in page and f"/inquiries/staff/{question.pk}/release/" not in page


def test_it_inserts_a_template_into_the_reply_without_javascript(
    world: World, question: Question, client_for, outbox
):
    template = AnswerTemplate.objects.create(
        owner=world.clinician, title="晕船", body="晕船时看远处的地平线,少量多餐。"
    )

    response = client_for("clinician").post(
        f"/inquiries/staff/{question.pk}/reply/",
        {
            "insert": "1",
            "template": template.pk,
            "kind": "answer",
            "body": "您好,",
            "idempotency_key": "k9",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "您好,\n\n晕船时看远处的地平线,少量多餐。</textarea>" in html
    assert 'value="k9"' in html  # the same submission continues
    assert not Reply.objects.exists()
    assert outbox == []


def test_it_shows_the_thread_to_the_clinician_with_details(world, question, client_for):
    Reply.objects.create(question=question, author=world.seafarer, kind="follow_up", body="还发烧")

    html = client_for("clinician").get(f"/inquiries/staff/{question.pk}/").content.decode()

    assert BODY in html
    assert "还发烧" in html
    assert "海员补充" in html
    assert f'action="/inquiries/staff/{question.pk}/claim/"' in html


def test_it_offers_publishing_only_for_answered_questions_the_author_allowed(
    world: World, client_for
):
    allowed = make_question(world.seafarer, allow_publish=True, status="answered")
    refused = make_question(world.seafarer, allow_publish=False, status="answered")
    pending = make_question(world.seafarer, allow_publish=True)
    client = client_for("clinician")

    def offers(question: Question) -> bool:
        html = client.get(f"/inquiries/staff/{question.pk}/").content.decode()
        return f'href="/inquiries/staff/{question.pk}/publish/"' in html

    assert (offers(allowed), offers(refused), offers(pending)) == (True, False, False)


def test_it_carries_a_question_from_asking_to_the_seafarers_reply_page(
    world: World, client_for, post_reply, outbox
):
    from seafarers_home.inquiries.actions.asking import do_ask_question
    from tests.personas import give_health_consent

    give_health_consent(world.seafarer)
    asked = do_ask_question(
        world.seafarer, category="diet", title="船上吃不到蔬菜", body="出海两个月了,口腔溃疡反复。"
    )
    queue = client_for("clinician").get("/inquiries/staff/").content.decode()
    assert f'href="/inquiries/staff/{asked.pk}/"' in queue

    post_reply(client_for("clinician"), asked, body="可以补充维生素C,多吃水果罐头。")

    url = Notification.objects.get(user=world.seafarer, kind="inquiry.reply").url
    page = client_for("seafarer").get(url)
    assert page.status_code == 200
    assert "可以补充维生素C,多吃水果罐头。" in page.content.decode()
