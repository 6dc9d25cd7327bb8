from __future__ import annotations

import json

import pytest
from django.test import Client

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.inquiries.actions.answering import do_reply
from seafarers_home.inquiries.models import Question, Reply
from tests.inquiries_knowledge.conftest import make_entry
from tests.personas import World, give_health_consent

pytestmark = pytest.mark.django_db

QUESTIONS = "/api/v1/inquiries/questions"
QUESTION = {
    "category": "physical",
    "title": "晕船很厉害",
    "body": "出海第三天开始晕船很厉害,吃不下饭,怎么办?",
    "location": "at_sea",
    "allow_publish": True,
}


def _post(client: Client, url: str, payload: dict, key: str | None = "k-1"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


@pytest.fixture
def seafarer_api(world: World, bearer) -> Client:
    give_health_consent(world.seafarer)
    return bearer("seafarer")


def test_it_lists_categories_publicly_in_both_languages(db):
    response = Client().get("/api/v1/inquiries/categories")
    assert response.status_code == 200
    mental = next(c for c in response.json() if c["code"] == "mental")
    assert mental == {"code": "mental", "label_zh": "心理健康", "label_en": "Mental health"}
    assert len(response.json()) == 6


def test_it_posts_a_question_once_per_idempotency_key(world: World, seafarer_api: Client):
    first = _post(seafarer_api, QUESTIONS, QUESTION)
    assert first.status_code == 201
    body = first.json()
    assert body["title"] == QUESTION["title"] and body["status"] == "open"
    assert body["urgency"] == "routine" and body["urgent_notice"] is None
    replay = _post(seafarer_api, QUESTIONS, QUESTION)
    assert replay.status_code == 200 and replay.json()["id"] == body["id"]
    assert Question.objects.filter(seafarer=world.seafarer).count() == 1
    conflict = _post(seafarer_api, QUESTIONS, {**QUESTION, "title": "别的问题"})
    assert conflict.status_code == 422
    assert conflict.json()["code"] == "idempotency_conflict"
    assert Question.objects.get().title == QUESTION["title"]
    assert _post(seafarer_api, QUESTIONS, QUESTION, key="k-2").status_code == 201
    assert Question.objects.count() == 2


def test_it_raises_one_crisis_alert_and_tells_what_to_do_now(world: World, seafarer_api: Client):
    payload = {**QUESTION, "category": "mental", "body": "最近活着没意思,不想活了,怎么办"}
    first = _post(seafarer_api, QUESTIONS, payload)
    assert first.status_code == 201
    assert first.json()["urgency"] == "urgent_mental"
    assert "12356" in first.json()["urgent_notice"]
    assert _post(seafarer_api, QUESTIONS, payload).status_code == 200
    assert CrisisAlert.objects.filter(source="inquiry").count() == 1


def test_it_needs_the_key_and_valid_fields(world: World, seafarer_api: Client):
    assert _post(seafarer_api, QUESTIONS, QUESTION, key=None).status_code == 422
    assert _post(seafarer_api, QUESTIONS, QUESTION, key=" ").status_code == 422
    short = _post(seafarer_api, QUESTIONS, {**QUESTION, "body": "头疼"})
    assert short.status_code == 422
    assert short.json()["detail"][0]["loc"][-1] == "body"
    assert _post(seafarer_api, QUESTIONS, {**QUESTION, "category": "x"}).status_code == 422
    assert _post(seafarer_api, QUESTIONS, {**QUESTION, "title": "a\x00b"}).status_code == 422
    assert not Question.objects.exists()


def test_it_refuses_seafarers_without_health_consent_and_other_roles(world: World, bearer):
    assert _post(bearer("seafarer"), QUESTIONS, QUESTION).json()["code"] == "consent_required"
    for persona in ("clinician", "union_staff", "officer_a"):
        response = _post(bearer(persona), QUESTIONS, QUESTION)
        assert response.status_code == 403, persona
        assert bearer(persona).get(QUESTIONS).status_code == 403, persona
    assert _post(Client(), QUESTIONS, QUESTION).status_code == 401
    assert not Question.objects.exists()


def test_it_lists_only_my_questions_with_their_replies(world: World, seafarer_api: Client, bearer):
    mine = _post(seafarer_api, QUESTIONS, QUESTION).json()
    give_health_consent(world.seafarer_b)
    theirs = _post(bearer("seafarer_b"), QUESTIONS, {**QUESTION, "title": "李强的问题"})
    assert theirs.status_code == 201
    do_reply(Question.objects.get(pk=mine["id"]), world.clinician, "多喝水,看远处。")
    listed = seafarer_api.get(QUESTIONS).json()
    assert [q["id"] for q in listed] == [mine["id"]]
    assert listed[0]["status"] == "claimed"
    assert listed[0]["replies"][0]["body"] == "多喝水,看远处。"
    assert listed[0]["replies"][0]["from_clinician"] is True


def test_it_posts_a_follow_up_once_per_key(world: World, seafarer_api: Client, bearer):
    question = _post(seafarer_api, QUESTIONS, QUESTION).json()
    url = f"{QUESTIONS}/{question['id']}/follow-ups"
    first = _post(seafarer_api, url, {"body": "吃了药好一些了"}, key="f-1")
    assert first.status_code == 201 and first.json()["kind"] == "follow_up"
    assert _post(seafarer_api, url, {"body": "吃了药好一些了"}, key="f-1").status_code == 200
    conflict = _post(seafarer_api, url, {"body": "又不好了"}, key="f-1")
    assert conflict.status_code == 422 and conflict.json()["code"] == "idempotency_conflict"
    assert Reply.objects.filter(kind="follow_up").count() == 1
    give_health_consent(world.seafarer_b)
    other = _post(bearer("seafarer_b"), url, {"body": "我来插一句"}, key="f-2")
    assert other.status_code == 404
    assert _post(seafarer_api, f"{QUESTIONS}/999999/follow-ups", {"body": "x"}).status_code == 404
    assert Reply.objects.filter(kind="follow_up").count() == 1


def test_it_searches_the_knowledge_base_publicly(world: World):
    entry = make_entry(world.clinician, title="晕船", question_text="出海第三天开始晕船很厉害")
    make_entry(world.clinician, title="失眠", question_text="睡不着", category="mental")
    make_entry(world.clinician, title="晕船旧", question_text="晕船", is_published=False)
    found = Client().get("/api/v1/inquiries/knowledge", {"q": "厉害"}).json()
    assert found["count"] == 1 and found["results"][0]["id"] == entry.pk
    assert found["results"][0]["answer_text"] == entry.answer_text
    assert Client().get("/api/v1/inquiries/knowledge", {"q": "晕船"}).json()["count"] == 1
    newest = Client().get("/api/v1/inquiries/knowledge", {"category": "mental"}).json()
    assert [r["title"] for r in newest["results"]] == ["失眠"]
    assert Client().get("/api/v1/inquiries/knowledge", {"limit": 0}).status_code == 422
    one = Client().get(f"/api/v1/inquiries/knowledge/{entry.pk}")
    assert one.status_code == 200 and one.json()["title"] == "晕船"
    hidden = make_entry(world.clinician, title="x", question_text="y", is_published=False)
    assert Client().get(f"/api/v1/inquiries/knowledge/{hidden.pk}").status_code == 404


def test_it_documents_the_operations_in_the_openapi_schema(db):
    doc = Client().get("/api/openapi.json").json()
    paths = doc["paths"]
    assert set(paths["/api/v1/inquiries/questions"]) == {"get", "post"}
    ask = paths["/api/v1/inquiries/questions"]["post"]
    assert {"200", "201", "401", "403", "422"} <= set(ask["responses"])
    assert any(p["name"] == "Idempotency-Key" for p in ask["parameters"])
    assert "Idempotency-Key" in ask["description"]
    follow_up = paths["/api/v1/inquiries/questions/{question_id}/follow-ups"]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in follow_up["parameters"])
    search = paths["/api/v1/inquiries/knowledge"]["get"]
    assert search.get("security") in (None, []) and "Public" in search["description"]
    assert "/api/v1/inquiries/categories" in paths
    assert "/api/v1/inquiries/knowledge/{entry_id}" in paths
