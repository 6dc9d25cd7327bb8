from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.timesince import timesince

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import Screening
from seafarers_home.screening.review import pending_reviews
from tests.personas import World

URL = reverse("screening:review_queue")


def _order(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r"/screening/review/(\d+)/", html)]


def test_it_orders_by_risk_then_waiting_time(client_for, world: World, make_screening) -> None:
    routine_old = make_screening(world.seafarer, "routine", hours_ago=90)
    follow_up = make_screening(world.seafarer_b, "follow_up", hours_ago=5)
    urgent_new = make_screening(world.seafarer, "urgent", hours_ago=1)
    crisis = make_screening(world.seafarer_b, "crisis", hours_ago=0.5)
    urgent_old = make_screening(world.seafarer_b, "urgent", hours_ago=30)
    response = client_for("clinician").get(URL)
    assert response.status_code == 200
    assert _order(response.content.decode()) == [
        crisis.pk,
        urgent_old.pk,
        urgent_new.pk,
        follow_up.pk,
        routine_old.pk,
    ]


def test_it_shows_only_completed_unreviewed_screenings(
    client_for, world: World, make_screening
) -> None:
    waiting = make_screening(world.seafarer, "routine")
    in_progress = make_screening(world.seafarer, completed=False)
    reviewed = make_screening(world.seafarer_b, "urgent")
    reviewed.reviewed_at = reviewed.completed_at
    reviewed.save()
    assert _order(client_for("clinician").get(URL).content.decode()) == [waiting.pk]
    assert in_progress.pk != waiting.pk


def test_it_filters_by_risk(client_for, world: World, make_screening) -> None:
    make_screening(world.seafarer, "routine")
    crisis = make_screening(world.seafarer_b, "crisis")
    response = client_for("clinician").get(URL, {"risk": "crisis"})
    assert _order(response.content.decode()) == [crisis.pk]


def test_it_shows_name_vessel_risk_and_audits_the_read(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, "urgent", hours_ago=26)
    html = client_for("clinician").get(URL).content.decode()
    assert "王海" in html and "平太荣 1号" in html and "紧急" in html
    with translation.override("zh-hans"):
        waited = timesince(screening.completed_at)
    assert waited.startswith("1") and waited in html  # 1 day, 2 hours
    event = AuditEvent.objects.get(action="screening.review_queue")
    assert event.actor == world.clinician and event.purpose == "screening review"
    assert event.detail["screenings"] == [screening.pk]


def test_it_shows_completion_time_in_the_viewers_time_zone(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, "routine")
    world.clinician.time_zone = "America/Los_Angeles"
    world.clinician.save()
    html = client_for("clinician").get(URL).content.decode()
    from zoneinfo import ZoneInfo

    local = screening.completed_at.astimezone(ZoneInfo("America/Los_Angeles"))
    assert local.strftime("%Y-%m-%d %H:%M") in html


def test_it_speaks_english_from_the_catalogue(client_for, world: World, make_screening) -> None:
    make_screening(world.seafarer, "crisis")
    client = client_for("clinician")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL).content.decode()
    assert "Check-up review queue" in html and "Crisis" in html
    assert "心理CT复核队列" not in html


def test_it_reads_a_page_of_the_queue_from_its_index(world: World, make_screening) -> None:
    """However long the backlog, a page of the queue is read from the index in queue order
    (screening_review_queue), not sorted from every waiting screening joined to its seafarer."""
    levels = ["routine", "follow_up", "urgent", "crisis"]
    made = [
        make_screening(world.seafarer, levels[i % 4], hours_ago=i % 7, completed=i % 9 != 0)
        for i in range(80)
    ]
    Screening.objects.filter(pk__in=[s.pk for s in made[:10]]).update(
        reviewed_at=made[0].created_at
    )
    page = pending_reviews()[:50]
    if connection.vendor == "postgresql":
        # A backlog long enough for the planner to prefer the index to a sort (older
        # routine screenings, after all of the above in the queue's order).
        Screening.objects.bulk_create(
            Screening(
                seafarer=world.seafarer_b,
                status=Screening.Status.COMPLETED,
                completed_at=made[-1].created_at,
                risk_level="routine",
            )
            for _ in range(3000)
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE screening_screening")
        # (SQLite receives the levels as parameters and cannot match them to the index's
        # expression; the embedded database serves a small union.)
        plan = page.explain()
        assert "screening_review_queue" in plan, plan
        assert "Sort" not in plan, plan  # read in order, not sorted
    # The index's order is the queue's: crisis, urgent, follow-up, routine, oldest first.
    expected = sorted(
        (s for s in made[10:] if s.status == Screening.Status.COMPLETED),
        key=lambda s: (levels[::-1].index(s.risk_level), s.completed_at, s.pk),
    )[:50]
    assert [s.pk for s in page] == [s.pk for s in expected]


def test_its_index_is_built_without_locking_the_screenings_on_postgresql(db) -> None:
    """A deploy building the index on a large table must not hold back a seafarer's result:
    CREATE INDEX CONCURRENTLY on PostgreSQL. (On SQLite, which has no such thing, the same
    operation builds a plain index: every SQLite test database is migrated through it.)"""
    if connection.vendor != "postgresql":
        pytest.skip("CONCURRENTLY is PostgreSQL's; SQLite's plain index is built by every run")
    out = io.StringIO()
    call_command("sqlmigrate", "screening", "0005", stdout=out)
    assert 'CREATE INDEX CONCURRENTLY "screening_review_queue"' in out.getvalue()
