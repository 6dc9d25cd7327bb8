from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.inquiries_knowledge.conftest import make_entry
from tests.personas import World

pytestmark = pytest.mark.django_db

GZIP_BUDGET = 14 * 1024


def test_it_lists_published_entries_to_anonymous_visitors(world: World):
    shown = make_entry(world.clinician, title="晕船怎么办", question_text="出海后晕船")
    make_entry(world.clinician, title="隐藏的条目", question_text="未发布", is_published=False)
    page = Client().get(reverse("inquiries:knowledge"))
    html = page.content.decode()
    assert page.status_code == 200
    assert shown.title in html and reverse("inquiries:knowledge_entry", args=[shown.pk]) in html
    assert "隐藏的条目" not in html


def test_it_searches_and_filters_by_category(world: World):
    make_entry(world.clinician, title="晕船怎么办", question_text="出海第三天开始晕船很厉害")
    make_entry(world.clinician, title="睡不着", question_text="晚上睡不着", category="mental")
    make_entry(world.clinician, title="心里晕船", question_text="晕船时心慌", category="mental")
    html = Client().get(reverse("inquiries:knowledge"), {"q": "晕船"}).content.decode()
    assert "晕船怎么办" in html and "心里晕船" in html and "睡不着" not in html
    html = (
        Client()
        .get(reverse("inquiries:knowledge"), {"q": "晕船", "category": "mental"})
        .content.decode()
    )
    assert "心里晕船" in html and "晕船怎么办" not in html
    html = Client().get(reverse("inquiries:knowledge"), {"category": "mental"}).content.decode()
    assert "睡不着" in html and "晕船怎么办" not in html
    html = Client().get(reverse("inquiries:knowledge"), {"q": "牙疼"}).content.decode()
    assert "没有找到" in html


def test_it_pages_search_results(world: World):
    for n in range(23):
        make_entry(
            world.clinician,
            title=f"晕船问题{n}",
            question_text="晕船",
            age=timedelta(minutes=n),
        )
    first = Client().get(reverse("inquiries:knowledge"), {"q": "晕船"}).content.decode()
    assert "晕船问题0<" in first and "晕船问题22<" not in first
    second = Client().get(reverse("inquiries:knowledge"), {"q": "晕船", "page": 2})
    html = second.content.decode()
    assert "晕船问题22<" in html and "晕船问题0<" not in html
    assert "q=%E6%99%95%E8%88%B9&amp;page=1" in html  # the link back keeps the query


def test_it_answers_404_for_an_unpublished_entry(world: World, client_for):
    entry = make_entry(world.clinician, title="晕船", question_text="晕船", is_published=False)
    url = reverse("inquiries:knowledge_entry", args=[entry.pk])
    assert Client().get(url).status_code == 404
    assert client_for("clinician").get(url).status_code == 404


def test_it_keeps_the_list_page_within_one_round_trip(world: World):
    for n in range(25):
        make_entry(
            world.clinician,
            title=f"出海以后晕船很厉害,吃什么都吐,怎么办{n}",
            question_text="出海第三天开始晕船很厉害,吃不下饭,船上药箱只有晕海宁,"
            "吃了也没有用,晚上也睡不好,白天还要值班,请问医生该怎么办?" * 2,
        )
    response = Client(HTTP_ACCEPT_ENCODING="gzip").get(reverse("inquiries:knowledge"))
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= GZIP_BUDGET


def test_it_keeps_a_long_entry_page_within_one_round_trip(world: World):
    entry = make_entry(
        world.clinician,
        title="晕船",
        question_text="出海第三天开始晕船很厉害,吃不下饭。" * 50,
        answer_text="晕船时尽量待在船的中部,看远处的海平线,少量多次进食。" * 100,
    )
    response = Client(HTTP_ACCEPT_ENCODING="gzip").get(
        reverse("inquiries:knowledge_entry", args=[entry.pk])
    )
    assert response["Content-Encoding"] == "gzip"
    assert len(response.content) <= GZIP_BUDGET


def test_it_still_searches_with_an_unknown_category(world: World):
    make_entry(world.clinician, title="晕船怎么办", question_text="出海后晕船")
    make_entry(world.clinician, title="睡不着", question_text="晚上睡不着")
    page = Client().get(reverse("inquiries:knowledge"), {"q": "晕船", "category": "bogus"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "晕船怎么办" in html and "睡不着" not in html
