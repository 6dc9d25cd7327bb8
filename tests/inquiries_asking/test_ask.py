"""Asking through the form: stored once however often the link resends it, triaged, nothing
stored on bad input, the urgent notices shown at once."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.inquiries.models import KnowledgeEntry, Question, QuestionPhoto, Urgency
from seafarers_home.inquiries.search import index_entry
from seafarers_home.inquiries.services_ask import InquiryInvalid
from tests.inquiries_asking.conftest import BODY, ask, jpeg_bytes, upload
from tests.personas import World

TASK = "seafarers_home.inquiries.tasks.escalate_overdue_question"


def _promised(question: Question) -> timedelta:
    """The promised answer time, to the second."""
    return timedelta(seconds=round((question.due_at - question.created_at).total_seconds()))


def _form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": "form-key-1",
        "category": "physical",
        "title": "头疼睡不好",
        "body": BODY,
        "age_band": "35_44",
        "duration": "days",
        "location": "at_sea",
        "medicine_chest": "有布洛芬",
    }
    data.update(overrides)
    return data


def test_it_shows_the_form_with_a_fresh_key_each_time(seafarer_client: Client) -> None:
    first = seafarer_client.get("/inquiries/ask/")
    second = seafarer_client.get("/inquiries/ask/")
    assert first.status_code == 200
    html = first.content.decode()
    assert 'name="key"' in html and 'enctype="multipart/form-data"' in html
    assert "<script" not in html
    key = html.split('name="key" value="')[1].split('"')[0]
    assert len(key) == 32 and key not in second.content.decode()


def test_it_stores_a_question_with_its_details_and_photo(
    seafarer_client: Client, world: World
) -> None:
    response = seafarer_client.post(
        "/inquiries/ask/", {**_form(), "photos": [upload(jpeg_bytes())], "allow_publish": "1"}
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/inquiries/{question.pk}/"
    assert question.seafarer == world.seafarer
    assert (question.category, question.title, question.body) == ("physical", "头疼睡不好", BODY)
    assert (question.age_band, question.duration, question.location) == (
        "35_44",
        "days",
        "at_sea",
    )
    assert question.allow_publish and question.urgency == Urgency.ROUTINE
    assert _promised(question) == timedelta(hours=24)
    photo = QuestionPhoto.objects.get(question=question)
    assert max(photo.width, photo.height) == 1024 and photo.byte_size == len(photo.image)
    # the overdue check is queued for the promised time, in the same transaction
    task = DBTaskResult.objects.get(task_path=TASK)
    assert task.run_after == question.due_at and task.args_kwargs["args"] == [question.pk]
    event = AuditEvent.objects.get(action="inquiry.ask")
    assert event.target_id == str(question.pk)
    assert "头疼" not in str(event.detail) and "布洛芬" not in str(event.detail)

    page = seafarer_client.get(response["Location"]).content.decode()
    assert "头疼睡不好" in page and "有布洛芬" in page
    assert f"/inquiries/{question.pk}/photos/{photo.pk}/" in page
    assert 'id="crisis"' not in page and 'id="urgent-physical"' not in page


def test_it_posts_once_when_the_link_resends_the_form(seafarer_client: Client) -> None:
    data = _form(body="我最近总是想死,晚上一个人在甲板上发呆,不知道该找谁说。")
    first = seafarer_client.post("/inquiries/ask/", data)
    second = seafarer_client.post("/inquiries/ask/", data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Question.objects.count() == 1
    assert CrisisAlert.objects.count() == 1
    assert AuditEvent.objects.filter(action="inquiry.ask").count() == 1


def test_it_refuses_the_same_key_with_a_different_question(
    seafarer_client: Client, world: World
) -> None:
    question = ask(world.seafarer, idempotency_key="k1")
    with pytest.raises(IdempotencyConflict):
        ask(world.seafarer, idempotency_key="k1", title="另一个问题")
    response = seafarer_client.post("/inquiries/ask/", _form(key="k1", title="又一个问题"))
    assert response.status_code == 200
    assert "之前已经提交过" in response.content.decode()
    question.refresh_from_db()
    assert Question.objects.count() == 1 and question.title == "头疼睡不好"
    # the same key of another seafarer is another question
    assert ask(world.seafarer_b, idempotency_key="k1").pk != question.pk


def test_it_raises_a_crisis_alert_for_a_mental_red_flag(
    seafarer_client: Client, world: World, settings
) -> None:
    response = seafarer_client.post(
        "/inquiries/ask/",
        _form(category="diet", title="吃不下饭", body="吃不下饭,也睡不着,觉得活着没意思。"),
    )
    question = Question.objects.get()
    assert question.urgency == Urgency.URGENT_MENTAL
    assert "death_wish" in question.red_flags
    assert _promised(question) == timedelta(hours=1)
    alert = CrisisAlert.objects.get()
    assert (alert.seafarer, alert.source, alert.source_id, alert.reason) == (
        world.seafarer,
        "inquiry",
        str(question.pk),
        "red_flag_words",
    )
    assert "活着" not in str(AuditEvent.objects.get(action="alert.raise").detail)

    html = seafarer_client.get(response["Location"]).content.decode()
    # crisis resources come first, before the question itself
    assert html.index('id="crisis"') < html.index("<h1>")
    # The seafarer reads that it is answered first; the triage label is the clinicians'.
    mine = seafarer_client.get("/inquiries/").content.decode()
    for page in (html, mine):
        assert "优先回复" in page and "紧急(心理危机)" not in page
    assert f'href="tel:{settings.PLATFORM_HOTLINE_NUMBER}"' in html
    assert 'href="tel:12356"' in html


TRIGGER_SQL = {
    "sqlite": (
        [
            "CREATE TRIGGER refuse_alert BEFORE INSERT ON alerts_crisisalert "
            "BEGIN SELECT RAISE(ABORT, 'alert store down'); END"
        ],
        ["DROP TRIGGER refuse_alert"],
    ),
    "postgresql": (
        [
            "CREATE FUNCTION refuse_alert() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'alert store down'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER refuse_alert BEFORE INSERT ON alerts_crisisalert "
            "FOR EACH ROW EXECUTE FUNCTION refuse_alert()",
        ],
        ["DROP TRIGGER refuse_alert ON alerts_crisisalert", "DROP FUNCTION refuse_alert()"],
    ),
}


def _run(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@pytest.mark.skipif(connection.vendor not in TRIGGER_SQL, reason="no failing trigger for this db")
def test_it_stores_the_question_and_its_crisis_alert_together_or_not_at_all(
    world: World,
) -> None:
    create, drop = TRIGGER_SQL[connection.vendor]
    _run(create)
    try:
        with pytest.raises(DatabaseError):
            ask(world.seafarer, body="我不想活了,每天都很痛苦,没人可以说。", photos=[jpeg_bytes()])
    finally:
        _run(drop)
    assert not Question.objects.exists()
    assert not QuestionPhoto.objects.exists()
    assert not AuditEvent.objects.filter(action="inquiry.ask").exists()
    assert not DBTaskResult.objects.filter(task_path=TASK).exists()


def test_it_tells_the_seafarer_at_once_what_to_do_for_a_physical_red_flag(
    seafarer_client: Client,
) -> None:
    response = seafarer_client.post(
        "/inquiries/ask/", _form(title="胸口疼", body="刚才干活时突然胸痛,出冷汗,左胳膊发麻。")
    )
    question = Question.objects.get()
    assert question.urgency == Urgency.URGENT_PHYSICAL
    assert "chest_pain" in question.red_flags
    assert _promised(question) == timedelta(hours=1)
    assert not CrisisAlert.objects.exists()

    html = seafarer_client.get(response["Location"]).content.decode()
    notice = html[html.index('id="urgent-physical"') : html.index("<h1>")]
    assert "船长" in notice and "无线电医疗" in notice
    assert "32" in notice and 'href="tel:12395"' in notice
    assert 'id="crisis"' not in html


@pytest.mark.parametrize(
    ("overrides", "field_error"),
    [
        ({"body": ""}, "这一项必须填写"),
        ({"body": "头疼"}, "请至少写 10 个字"),
        ({"body": "头" * 4001}, "最多 4000 个字"),
        ({"title": "  "}, "这一项必须填写"),
        ({"title": ",,,"}, "只有标点或符号"),
        ({"body": "。" * 12}, "只有标点或符号"),
        ({"title": "长" * 81}, "最多 80 个字"),
        ({"category": ""}, "请选择问题类别"),
        ({"category": "astrology"}, "请从给出的选项中选择"),
        ({"location": "moon"}, "请从给出的选项中选择"),
        ({"medicine_chest": "药" * 201}, "最多 200 个字"),
    ],
)
def test_it_refuses_bad_text_and_stores_nothing(
    seafarer_client: Client, overrides: dict[str, str], field_error: str
) -> None:
    response = seafarer_client.post(
        "/inquiries/ask/", {**_form(**overrides), "photos": [upload(jpeg_bytes((400, 300)))]}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert field_error in html and "什么都没有保存" in html
    assert not Question.objects.exists() and not QuestionPhoto.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_it_refuses_more_than_three_photos(seafarer_client: Client) -> None:
    photos = [upload(jpeg_bytes((300, 200)), name=f"{n}.jpg") for n in range(4)]
    response = seafarer_client.post("/inquiries/ask/", {**_form(), "photos": photos})
    assert response.status_code == 400
    assert "最多只能上传 3 张照片" in response.content.decode()
    assert not Question.objects.exists() and not QuestionPhoto.objects.exists()


def test_it_refuses_a_renamed_pdf_among_good_photos(seafarer_client: Client) -> None:
    pdf = upload(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF", name="scan.jpg")
    photos = [upload(jpeg_bytes((300, 200))), pdf]
    response = seafarer_client.post("/inquiries/ask/", {**_form(), "photos": photos})
    html = response.content.decode()
    assert response.status_code == 400
    assert "第 2 张照片" in html and "不是可以识别的照片" in html
    assert not Question.objects.exists() and not QuestionPhoto.objects.exists()


def test_it_keeps_what_was_typed_when_refusing(seafarer_client: Client) -> None:
    response = seafarer_client.post(
        "/inquiries/ask/", _form(title="", body="我的牙龈出血好几天了。")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "我的牙龈出血好几天了。" in html
    assert '<option value="at_sea" selected>' in html


def test_it_reports_every_bad_field_from_the_service(world: World) -> None:
    with pytest.raises(InquiryInvalid) as refused:
        ask(world.seafarer, title="", body="短", category="x", photos=[b"x"] * 4)
    assert set(refused.value.errors) == {"title", "body", "category", "photos"}
    assert not Question.objects.exists()


def test_it_shows_similar_answered_questions_first(seafarer_client: Client, world: World) -> None:
    entry = KnowledgeEntry.objects.create(
        category="physical",
        title="出海晕船很厉害怎么办",
        question_text="出海第三天开始晕船很厉害,吃不下东西。",
        answer_text="可以在开航前半小时服用晕船药,保持视线看远处。",
        published_by=world.clinician,
        published_at=timezone.now(),
    )
    index_entry(entry)
    html = seafarer_client.get("/inquiries/ask/", {"q": "晕船吃不下"}).content.decode()
    assert "出海晕船很厉害怎么办" in html
    assert 'value="晕船吃不下"' in html  # the title is prefilled from the search
    nothing = seafarer_client.get("/inquiries/ask/", {"q": "牙疼"}).content.decode()
    assert "出海晕船很厉害怎么办" not in nothing and "没有找到类似" in nothing


def test_it_asks_for_the_health_consent_first(client_for) -> None:
    response = client_for("seafarer").get("/inquiries/ask/")
    assert response.status_code == 403
    assert "/consent/health_data/" in response.content.decode()
    assert client_for("seafarer").post("/inquiries/ask/", _form()).status_code == 403
    assert not Question.objects.exists()
