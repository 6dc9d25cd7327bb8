"""A thread is for its author and clinicians; every staff read is audited; union staff see
counts and response times only."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from seafarers_home.audit.models import AuditEvent
from seafarers_home.inquiries.models import Question
from tests.inquiries_answering.conftest import BODY, make_question
from tests.personas import World

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
    for hours in (1, 2, 3):
        _answered(world, hours, title=f"保密标题{hours}")
    _answered(world, 30, title="保密标题晚", category="mental", urgency="urgent_mental")  # late
    make_question(world.seafarer, title="保密标题未答", due_in=-timedelta(hours=1))  # missed
    make_question(world.seafarer, title="保密标题新", category="diet")  # not due yet

    response = client_for("union_staff").get("/inquiries/stats/")

    html = response.content.decode()
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total == 6
    # Nearest-rank over 1, 2, 3, 30 hours: median 2, 90th percentile 30.
    assert stats.response_all.answered == 4
    assert stats.response_all.median_hours == pytest.approx(2, abs=0.01)
    assert stats.response_all.p90_hours == pytest.approx(30, abs=0.01)
    assert (stats.response_urgent.answered, stats.response_urgent.median_hours) == (1, 30)
    assert stats.response_routine.answered == 3
    assert stats.response_routine.median_hours == pytest.approx(2, abs=0.01)
    # Overdue: the late answer and the missed one, of the five that are decided.
    assert (stats.overdue, stats.decided) == (2, 5)
    assert "40.0%" in html
    counts = {row.label: row.count for row in stats.by_category}
    assert (counts["身体健康"], counts["心理健康"], counts["饮食与营养"]) == (4, 1, 1)
    assert sum(row.count for row in stats.by_month) == 6
    assert all(re.fullmatch(r"\d{4}-\d{2}", row.label) for row in stats.by_month)
    assert "保密标题" not in html
    assert BODY not in html
    assert "王海" not in html


def test_it_lets_administrators_see_the_statistics(client_for):
    assert client_for("admin").get("/inquiries/stats/?months=3").status_code == 200


@pytest.mark.parametrize("persona", ["clinician", "seafarer", "officer_a", "counsellor"])
def test_it_refuses_the_statistics_to_others(persona: str, client_for):
    assert client_for(persona).get("/inquiries/stats/").status_code == 404
