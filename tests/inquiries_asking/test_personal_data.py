"""The seafarer's questions as personal data: exported whole; on erasure unanswered questions
go, answered threads (consultation records) stay but are kept out of the knowledge base. And
the health page's tile leads here."""

from __future__ import annotations

import base64

from django.test import Client
from django.urls import reverse

from seafarers_home.consent.personal_data import do_erase_personal_data, do_export_personal_data
from seafarers_home.inquiries.actions.answering import do_reply
from seafarers_home.inquiries.actions.asking import do_post_follow_up
from seafarers_home.inquiries.models import Question, QuestionPhoto, Reply
from tests.inquiries_asking.conftest import ask, jpeg_bytes
from tests.personas import World


def test_it_exports_the_questions_with_photos_and_replies(world: World) -> None:
    question = ask(world.seafarer, photos=[jpeg_bytes((400, 300))], allow_publish=True)
    do_reply(question, world.clinician, "注意休息。")
    do_post_follow_up(question, world.seafarer, "好的,谢谢医生。")
    ask(world.seafarer_b, title="别人的问题")

    data = do_export_personal_data(world.seafarer, "health_questions")["data"]["health_questions"]

    assert [row["title"] for row in data] == ["头疼睡不好"]
    row = data[0]
    assert row["body"] == question.body and row["allow_publish"] is True
    assert [(r["by"], r["body"]) for r in row["replies"]] == [
        ("clinician", "注意休息。"),
        ("self", "好的,谢谢医生。"),
    ]
    stored = QuestionPhoto.objects.get(question=question)
    assert base64.b64decode(row["photos"][0]["jpeg_base64"]) == bytes(stored.image)


def test_it_erases_unanswered_questions_and_keeps_answered_threads(world: World) -> None:
    answered = ask(world.seafarer, allow_publish=True, idempotency_key="a")
    do_reply(answered, world.clinician, "注意休息。")
    waiting = ask(world.seafarer, title="还没回复的问题", photos=[jpeg_bytes((300, 200))])
    do_post_follow_up(waiting, world.seafarer, "补充一下")
    other = ask(world.seafarer_b, title="别人的问题")

    do_erase_personal_data(world.seafarer, "health_questions")

    assert set(Question.objects.values_list("pk", flat=True)) == {answered.pk, other.pk}
    assert not QuestionPhoto.objects.filter(question_id=waiting.pk).exists()
    assert not Reply.objects.filter(question_id=waiting.pk).exists()
    answered.refresh_from_db()
    assert answered.allow_publish is False
    assert answered.replies.count() == 1


def test_it_lists_the_type_on_the_my_data_page(client_for) -> None:
    html = client_for("seafarer").get(reverse("consent:my_data")).content.decode()
    assert "在线咨询留言" in html


def test_it_leads_from_the_health_page_tile_to_the_questions(
    seafarer_client: Client,
) -> None:
    html = seafarer_client.get("/health/inquiries/").content.decode()
    assert 'href="/inquiries/"' in html
    assert "即将上线" not in html
