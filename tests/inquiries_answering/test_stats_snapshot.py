"""The message board's statistics from the worker's snapshot (issue 20 item 4,
inquiries/stats_snapshot.py): for any board, the stored figures read back equal the figures
computed from the questions themselves, in either language; the page reads the snapshot
with the same queries whatever the number of questions, and computes the figures itself when
there is none (or only a stale one)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seafarers_home.core.periodic import registry
from seafarers_home.inquiries.models import Category, Question, StatsSnapshot, Urgency
from seafarers_home.inquiries.stats import PERIOD_MONTHS, inquiry_stats
from seafarers_home.inquiries.stats_snapshot import (
    STALE_AFTER,
    current_stats,
    refresh_stats_snapshots,
)
from tests.inquiries_answering.conftest import make_question
from tests.personas import World

question = st.fixed_dictionaries(
    {
        "category": st.sampled_from(Category.values),
        "urgency": st.sampled_from(Urgency.values),
        "status": st.sampled_from(Question.Status.values),
        "asked_days": st.integers(0, 800),  # some outside every period
        "answered_hours": st.one_of(st.none(), st.floats(0, 200)),
        "due_hours": st.integers(-48, 72),
        "escalated": st.booleans(),
    }
)


def _store(world: World, spec: dict) -> None:
    asked = make_question(
        world.seafarer,
        category=spec["category"],
        urgency=spec["urgency"],
        asked_ago=timedelta(days=spec["asked_days"], minutes=1),
    )
    answered = spec["answered_hours"]
    Question.objects.filter(pk=asked.pk).update(
        status=spec["status"],
        due_at=asked.created_at + timedelta(hours=spec["due_hours"]),
        first_answered_at=None
        if answered is None
        else asked.created_at + timedelta(hours=answered),
        escalated_at=asked.created_at if spec["escalated"] else None,
    )


@pytest.mark.slow
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(board=st.lists(question, max_size=60))
def test_the_snapshot_equals_the_figures_from_the_questions(world: World, board) -> None:
    with transaction.atomic():
        for spec in board:
            _store(world, spec)
        now = timezone.now()
        refresh_stats_snapshots(now)
        for language in ("zh-hans", "en"):
            with translation.override(language):
                for months in PERIOD_MONTHS:
                    stored, built_at = current_stats(months)
                    assert built_at == now
                    assert stored == inquiry_stats(now, months)
        transaction.set_rollback(True)  # the next example starts from the same world


def _page_queries(client) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/inquiries/stats/", {"months": 24})
    assert response.status_code == 200
    return len(captured), response.context


def test_the_page_reads_the_snapshot_whatever_the_board(world: World, client_for) -> None:
    client = client_for("union_staff")
    for n in range(10):
        make_question(world.seafarer, asked_ago=timedelta(days=n + 1))
    refresh_stats_snapshots()
    _page_queries(client)  # warm: session, consent
    at_10, context = _page_queries(client)
    assert context["built_at"] is not None and context["stats"].total == 10
    Question.objects.bulk_create(
        Question(
            seafarer=world.seafarer, category="other", title="t", body="b", due_at=timezone.now()
        )
        for _ in range(500)
    )
    at_510, context = _page_queries(client)
    assert at_510 == at_10
    assert context["stats"].total == 10  # the snapshot's figures, until the worker's next run
    refresh_stats_snapshots()
    assert _page_queries(client)[1]["stats"].total == 510
    assert "统计于" in client.get("/inquiries/stats/").content.decode()


def test_without_a_fresh_snapshot_the_page_computes_the_figures(world: World, client_for) -> None:
    for n in range(12):
        make_question(world.seafarer, asked_ago=timedelta(days=n + 1))
    context = client_for("union_staff").get("/inquiries/stats/").context
    assert (context["built_at"], context["stats"].total) == (None, 12)
    assert not StatsSnapshot.objects.exists()  # a GET stores nothing
    refresh_stats_snapshots(timezone.now() - STALE_AFTER - timedelta(minutes=1))
    make_question(world.seafarer)
    context = client_for("union_staff").get("/inquiries/stats/").context
    assert (context["built_at"], context["stats"].total) == (None, 13)  # the worker stopped


def test_the_worker_job_builds_every_period(db) -> None:
    assert registry()["inquiries.stats_snapshot"].run() == len(PERIOD_MONTHS)
    assert sorted(StatsSnapshot.objects.values_list("months", flat=True)) == list(PERIOD_MONTHS)


def test_a_total_too_small_to_show_is_said_in_words(world: World, client_for) -> None:
    for n in range(3):
        make_question(world.seafarer, asked_ago=timedelta(days=n + 1))
    page = client_for("union_staff").get("/inquiries/stats/").content.decode()
    assert "的留言少于 5 条,不显示数量" in page and "共 — 条留言" not in page
