"""A thread is for its author and clinicians; every staff read is audited; union staff see
counts and response times only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.inquiries.models import Question
from tests.inquiries_answering.conftest import BODY, make_question
from tests.personas import World
from tests.small_cells import assert_safe

pytestmark = pytest.mark.django_db


def test_it_audits_every_read_of_a_thread_by_a_clinician(
    world: World, question: Question, client_for
):
    client = client_for("clinician")
    client.get(f"/inquiries/staff/{question.pk}/")
    client.get(f"/inquiries/staff/{question.pk}/")

    reads = AuditEvent.objects.filter(action="inquiry.read")
    assert reads.count() == 2
    for event in reads:
        assert event.actor_id == world.clinician.pk
        assert (event.target_type, event.target_id) == ("inquiries.question", str(question.pk))
        assert event.purpose == "online health consultation"
        assert BODY not in str(event.detail) and question.title not in str(event.detail)


@pytest.mark.parametrize(
    "persona", ["union_staff", "admin", "counsellor", "officer_a", "seafarer", "outsider"]
)
def test_it_answers_404_on_staff_threads_to_non_clinicians(
    persona: str, question: Question, client_for
):
    client = client_for(persona)

    assert client.get(f"/inquiries/staff/{question.pk}/").status_code == 404
    for action in ("claim", "release", "reply", "answered"):
        assert client.post(f"/inquiries/staff/{question.pk}/{action}/").status_code == 404
    question.refresh_from_db()
    assert question.claimed_by is None
    assert not AuditEvent.objects.filter(action="inquiry.read").exists()


def _answered(world: World, hours: float, *, due_hours: float = 24, **kw) -> Question:
    asked = make_question(world.seafarer, asked_ago=timedelta(days=2), **kw)
    Question.objects.filter(pk=asked.pk).update(
        first_answered_at=asked.created_at + timedelta(hours=hours),
        due_at=asked.created_at + timedelta(hours=due_hours),
        status="answered",
    )
    return asked


def test_it_shows_union_staff_counts_and_response_times_without_content(world: World, client_for):
    for n in range(10):  # routine, answered in 2 hours: on time
        _answered(world, 2, title=f"保密标题{n}")
    for _n in range(5):  # urgent, answered in 30 hours: late
        _answered(world, 30, title="保密标题晚", category="mental", urgency="urgent_mental")
    for _n in range(5):  # not due yet
        make_question(world.seafarer, title="保密标题新", category="diet")
    for _n in range(2):  # missed: past due, unanswered, escalated
        make_question(
            world.seafarer,
            title="保密标题未答",
            category="other",
            due_in=-timedelta(hours=1),
            escalated_at=timezone.now(),
        )

    response = client_for("union_staff").get("/inquiries/stats/")

    html = response.content.decode()
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total == 22
    # Nearest-rank over ten times 2 hours and five times 30 hours.
    assert stats.response_all.answered == 15
    assert stats.response_all.median_hours == pytest.approx(2, abs=0.01)
    assert stats.response_all.p90_hours == pytest.approx(30, abs=0.01)
    assert (stats.response_urgent.answered, stats.response_urgent.median_hours) == (5, 30)
    assert stats.response_routine.answered == 10
    # Overdue: the five late answers and the two missed, of the 17 that are decided.
    assert (stats.overdue, stats.decided) == (7, 17)
    assert "41.2%" in html
    counts = {row.label: row.count for row in stats.by_category}
    # "其他" holds 2: hidden, and one of the fives with it (else 22 − 10 − 5 − 5 = 2).
    assert counts["身体健康"] == 10 and counts["其他"] is None
    assert [counts["心理健康"], counts["饮食与营养"]].count(None) == 1
    assert stats.escalated is None  # 2 of 22
    assert all(re.fullmatch(r"\d{4}-\d{2}", row.label) for row in stats.by_month)
    assert "保密标题" not in html
    assert BODY not in html
    assert "王海" not in html


def test_it_suppresses_small_cells_on_every_table_of_the_statistics(world: World, client_for):
    """The subtraction attack on each table: no hidden count follows from the total."""
    for n in range(9):
        _answered(world, 2, title=f"q{n}")
    for _n in range(3):
        _answered(world, 5, category="mental", urgency="urgent_mental")
    make_question(world.seafarer, category="diet", escalated_at=timezone.now())
    stats = client_for("union_staff").get("/inquiries/stats/").context["stats"]
    assert stats.total == 13
    for rows in (stats.by_category, stats.by_status, stats.by_urgency, stats.by_month):
        assert_safe({row.label: row.count for row in rows}, stats.total)
    assert {row.label: row.count for row in stats.by_urgency}["紧急(心理危机)"] is None
    # Urgent (3) and routine (9) answered: the urgent row is hidden and so is routine,
    # else urgent = all − routine.
    assert stats.response_urgent.answered is None and stats.response_urgent.median_hours is None
    assert stats.response_routine.answered is None
    assert stats.escalated is None
    assert stats.decided is None or stats.decided >= 5


def test_it_shows_no_breakdown_of_a_handful_of_questions(world: World, client_for):
    for n in range(3):
        _answered(world, 2, title=f"q{n}")
    response = client_for("union_staff").get("/inquiries/stats/")
    stats = response.context["stats"]
    assert stats.total is None  # 3 questions
    assert all(row.count in (None, 0) for row in stats.by_category)
    assert stats.response_all.answered is None and stats.overdue_share is None
    html = response.content.decode()
    assert "<td>3</td>" not in html


def test_it_lets_administrators_see_the_statistics(client_for):
    assert client_for("admin").get("/inquiries/stats/?months=3").status_code == 200


@pytest.mark.parametrize("persona", ["clinician", "seafarer", "officer_a", "counsellor"])
def test_it_refuses_the_statistics_to_others(persona: str, client_for):
    assert client_for(persona).get("/inquiries/stats/").status_code == 404
