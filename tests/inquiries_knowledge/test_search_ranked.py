"""Ranked top-k from the index alone (inquiries/search_ranked.py, issue 20 item 4): the same
entries in the same order as ranking every match, whatever is unpublished, withheld or in
another category among the best matches, and the list page's count capped ("more than N")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from seafarers_home.inquiries import search_ranked, views_knowledge
from seafarers_home.inquiries.search import (
    _ranked_rows,
    query_terms,
    search_knowledge,
    search_queryset,
    similar_knowledge,
)
from tests.inquiries_knowledge.conftest import answered_question, make_entry
from tests.personas import World

pytestmark = pytest.mark.django_db


def _many(world: World, count: int = 40) -> None:
    """Entries matching 晕船 with repeating scores (ties broken by date) in two categories;
    the best-scored ones unpublished or withheld by their author."""
    for i in range(count):
        entry = make_entry(
            world.clinician,
            title="晕船" * (1 + i % 4) if i % 3 else "海上问题",
            question_text="出海晕船很厉害" + "晕船" * (i % 5),
            category="physical" if i % 2 else "mental",
            age=timedelta(hours=i * 7 % 13),
            is_published=not (i % 4 == 3 and i < 20),
        )
        if i % 7 == 6:
            question = answered_question(world, allow_publish=False)
            entry.question = question
            entry.save(update_fields=["question"])


def _full(query: str, category: str = "", min_hits: int | None = None) -> list[int]:
    terms = query_terms(query)
    rows = _ranked_rows(terms, category, len(terms) if min_hits is None else min_hits)
    return [row["entry_id"] for row in rows]


@pytest.mark.parametrize("category", ["", "physical", "mental"])
def test_every_page_equals_the_full_ranking(world: World, monkeypatch, category: str) -> None:
    _many(world)
    # Few candidates per wanted row, so that hidden entries and ties cross the boundary.
    monkeypatch.setattr(search_ranked, "CANDIDATE_FACTOR", 1)
    monkeypatch.setattr(search_ranked, "CANDIDATE_EXTRA", 1)
    monkeypatch.setattr(search_ranked, "ID_CHUNK", 3)  # candidates looked up in chunks
    full = _full("晕船 出海", category)
    assert len(full) > 10
    for start in range(0, len(full) + 5, 3):
        rows = search_queryset("晕船 出海", category=category)[start : start + 3]
        assert [row["entry_id"] for row in rows] == full[start : start + 3]
    assert [e.pk for e in search_knowledge("晕船", category=category, limit=7)] == _full(
        "晕船", category
    )[:7]


def test_the_suggestions_equal_the_full_ranking(world: World, monkeypatch) -> None:
    _many(world)
    monkeypatch.setattr(search_ranked, "CANDIDATE_EXTRA", 1)
    text = "出海晕船很厉害"
    terms = query_terms(text)
    needed = len(terms) // 2 + len(terms) % 2
    assert [e.pk for e in similar_knowledge(text, limit=4)] == _full(text, "", needed)[:4]


def test_the_list_page_says_more_than_past_the_cap(world: World, monkeypatch) -> None:
    _many(world, 30)
    visible = len(_full("晕船"))
    monkeypatch.setattr(views_knowledge, "COUNT_CAP", visible - 2)
    html = Client().get("/inquiries/knowledge/", {"q": "晕船"}).content.decode()
    assert f"找到 {visible - 2} 多条" in html
    monkeypatch.setattr(views_knowledge, "COUNT_CAP", visible)
    html = Client().get("/inquiries/knowledge/", {"q": "晕船"}).content.decode()
    assert f"找到 {visible} 条" in html
    assert search_queryset("晕船").count() == visible  # the API's count stays exact
