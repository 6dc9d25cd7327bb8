from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.inquiries.actions.publishing import do_publish_question, do_unpublish_entry
from seafarers_home.inquiries.models import KnowledgeEntry, KnowledgeTerm
from seafarers_home.inquiries.search import search_knowledge
from seafarers_home.inquiries.services_publish import PublishInvalid, identifying_details
from seafarers_home.permissions.roles import NotAClinician
from tests.inquiries_knowledge.conftest import ANSWER, answered_question
from tests.personas import World

pytestmark = pytest.mark.django_db

CLEAN = {
    "title": "晕船很厉害怎么办",
    "question_text": "出海几天后晕船很厉害,吃不下饭,船上药箱只有晕海宁。",
    "answer_text": ANSWER,
}


def test_it_publishes_an_answered_question_whose_author_agreed(world: World):
    question = answered_question(world)
    entry = do_publish_question(question, world.clinician, **CLEAN)
    assert entry.is_published and entry.question == question
    assert entry.category == "physical" and entry.published_by == world.clinician
    assert search_knowledge("晕海宁") == [entry]
    event = AuditEvent.objects.get(action="inquiry.publish")
    assert event.target_id == str(entry.pk)
    assert "晕" not in str(event.detail)  # no text in the audit trail


def test_it_refuses_a_question_not_yet_marked_answered(world: World):
    question = answered_question(world, mark_answered=False)
    with pytest.raises(PublishInvalid) as refused:
        do_publish_question(question, world.clinician, **CLEAN)
    assert "已回复" in str(refused.value)
    assert not KnowledgeEntry.objects.exists()


def test_it_refuses_when_the_author_did_not_allow_publishing(world: World):
    question = answered_question(world, allow_publish=False)
    with pytest.raises(PublishInvalid) as refused:
        do_publish_question(question, world.clinician, **CLEAN)
    assert "没有同意" in str(refused.value)
    assert not KnowledgeEntry.objects.exists()


def test_it_lets_only_clinicians_publish(world: World):
    question = answered_question(world)
    for user in (world.seafarer, world.union_staff, world.counsellor):
        with pytest.raises(NotAClinician):
            do_publish_question(question, user, **CLEAN)
    assert not KnowledgeEntry.objects.exists()


@pytest.mark.parametrize(
    "number",
    [
        "13800000001",
        "138 0000 0001",
        "138-0000-0001",
        "+86 138 0000 0001",
        "１３８００００００01",
        "0580-3012345",
        "(021)12345678",
    ],
)
def test_it_refuses_text_with_a_phone_number(world: World, number: str):
    question = answered_question(world)
    with pytest.raises(PublishInvalid) as refused:
        do_publish_question(
            question, world.clinician, **{**CLEAN, "answer_text": f"{ANSWER} 有事打 {number}。"}
        )
    assert "answer_text" in refused.value.errors
    assert "电话号码" in refused.value.errors["answer_text"][0]
    assert not KnowledgeEntry.objects.exists()


def test_it_allows_the_platform_hotlines_in_an_answer(world: World, settings):
    text = f"{ANSWER} 心理热线 {settings.PLATFORM_HOTLINE_NUMBER},全国 12356。"
    assert identifying_details(text) == []


def test_it_refuses_the_seafarers_name_and_vessel(world: World):
    question = answered_question(world)
    with pytest.raises(PublishInvalid) as refused:
        do_publish_question(
            question,
            world.clinician,
            title="王 海的晕船问题",
            question_text="我在平太荣1号上,出海几天后晕船很厉害。",
            answer_text=ANSWER,
        )
    assert "王海" in refused.value.errors["title"][0]
    assert "平太荣 1号" in refused.value.errors["question_text"][0]
    assert not KnowledgeEntry.objects.exists()
    assert identifying_details("身份证 33090219900101123X") != []


def test_it_unpublishes_and_republishes_the_same_entry(world: World):
    question = answered_question(world)
    entry = do_publish_question(question, world.clinician, **CLEAN)
    do_unpublish_entry(entry, world.clinician)
    entry.refresh_from_db()
    assert not entry.is_published
    assert not KnowledgeTerm.objects.filter(entry=entry).exists()
    assert search_knowledge("晕海宁") == []
    assert AuditEvent.objects.filter(action="inquiry.unpublish").count() == 1
    again = do_publish_question(question, world.clinician, **{**CLEAN, "title": "晕船药"})
    assert again.pk == entry.pk and again.is_published
    assert search_knowledge("晕船药") == [again]
    with pytest.raises(PublishInvalid):
        do_publish_question(question, world.clinician, **CLEAN)


def test_it_prefills_the_form_and_warns_of_identifying_details(world: World, client_for):
    question = answered_question(world, body="我在平太荣 1号上,出海第三天开始晕船很厉害怎么办?")
    page = client_for("clinician").get(reverse("inquiries:publish", args=[question.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "出海第三天开始晕船很厉害怎么办" in html  # the question's text
    assert "晕海宁要在出海前半小时吃" in html  # the clinician's answer
    assert "电话号码、证件号码" in html  # the reminder list
    assert "船名 平太荣 1号" in html  # what the check found in the draft
    assert AuditEvent.objects.filter(action="inquiry.read", target_id=str(question.pk)).exists()


def test_it_publishes_through_the_page_and_shows_the_entry_without_its_author(
    world: World, client_for
):
    question = answered_question(world)
    response = client_for("clinician").post(reverse("inquiries:publish", args=[question.pk]), CLEAN)
    entry = KnowledgeEntry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("inquiries:knowledge_entry", args=[entry.pk])
    page = Client().get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and CLEAN["answer_text"] in html
    assert "王海" not in html and reverse("inquiries:thread", args=[question.pk]) not in html


def test_it_shows_the_refusal_on_the_page(world: World, client_for):
    question = answered_question(world)
    data = {**CLEAN, "answer_text": f"{ANSWER} 联系我 13912345678"}
    page = client_for("clinician").post(reverse("inquiries:publish", args=[question.pk]), data)
    assert page.status_code == 200
    assert (
        "13912345678" in page.content.decode() and "请删去可识别身份的信息" in page.content.decode()
    )
    assert not KnowledgeEntry.objects.exists()


def test_it_keeps_publishing_to_clinicians(world: World, client_for):
    question = answered_question(world)
    url = reverse("inquiries:publish", args=[question.pk])
    for persona in ("seafarer", "union_staff", "counsellor", "officer_a"):
        assert client_for(persona).get(url).status_code == 404
        assert client_for(persona).post(url, CLEAN).status_code == 404
    assert not KnowledgeEntry.objects.exists()


def test_it_unpublishes_through_the_page(world: World, client_for):
    entry = do_publish_question(answered_question(world), world.clinician, **CLEAN)
    url = reverse("inquiries:unpublish", args=[entry.pk])
    assert client_for("seafarer").post(url).status_code == 404
    assert Client().get(reverse("inquiries:knowledge_entry", args=[entry.pk])).status_code == 200
    assert client_for("clinician").post(url).status_code == 302
    assert Client().get(reverse("inquiries:knowledge_entry", args=[entry.pk])).status_code == 404
