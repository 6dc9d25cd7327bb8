"""Pre-departure readiness: done / not done, and a clearance only with the seafarer's consent."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentKind
from seafarers_home.screening.models import (
    Battery,
    Clearance,
    LessonCompletion,
    Response,
    Screening,
)
from seafarers_home.screening.training import all_lessons
from seafarers_home.voyages.actions import do_record_crew
from seafarers_home.voyages.models import Voyage
from tests.personas import ensure_consent_document
from tests.voyages.conftest import add_seafarer, days


def _crew(world, *people):
    return do_record_crew(
        list(people),
        vessel=world.vessel_a,
        planned_departure=days(7),
        expected_return=days(90),
        recorded_by=world.officer_a,
        source=Voyage.Source.COMPANY,
    )


def _screened(user, world) -> None:
    battery, _ = Battery.objects.get_or_create(
        code="pre-departure",
        defaults={
            "name": "出海前心理CT",
            "instrument_codes": ["phq9"],
            "is_pre_departure_default": True,
        },
    )
    screening = Screening.objects.create(
        seafarer=user,
        battery=battery,
        instrument_codes=["phq9"],
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
        risk_level="urgent",
    )
    Response.objects.create(
        screening=screening,
        seafarer=user,
        instrument_code="phq9",
        instrument_version="1",
        answers="{}",
        total_score=23,
        band="severe",
    )
    Clearance.objects.create(
        seafarer=user,
        screening=screening,
        clinician=world.clinician,
        decision=Clearance.Decision.NOT_CLEARED,
        valid_until=timezone.localdate() + datetime.timedelta(days=180),
    )


def test_it_shows_the_clearance_only_with_the_seafarers_consent(consenting, client_for) -> None:
    world = consenting
    sharer = add_seafarer("13900000501", "同意者", world.company_a)
    _screened(world.seafarer, world)
    _screened(sharer, world)
    do_accept_consent(sharer, ensure_consent_document(ConsentKind.SHARE_CLEARANCE))
    for lesson in all_lessons():
        LessonCompletion.objects.create(user=sharer, lesson_slug=lesson.slug)
    voyages = _crew(world, world.seafarer, sharer)
    url = reverse("voyages:readiness", args=[voyages[0].crew_batch])
    html = client_for("officer_a").get(url).content.decode()
    rows = {name: html.split(name, 1)[1].split("</tr>", 1)[0] for name in ("王海", "同意者")}
    # 王海 did not consent: no decision, no validity, only "not authorised".
    assert "暂不适合出海" not in rows["王海"]
    assert "未授权查看" in rows["王海"]
    assert rows["王海"].count("已完成") == 1  # screening done, training not
    # The consenting seafarer's clearance is shown.
    assert "暂不适合出海" in rows["同意者"]
    assert rows["同意者"].count("已完成") == 2
    # Never a score, band or risk level.
    for leak in ("severe", "重度", "urgent", "紧急", "得分"):
        assert leak not in html.split("<table>", 1)[1].split("</table>", 1)[0], leak
    event = AuditEvent.objects.get(action="voyages.readiness_view")
    assert event.detail["clearances_shown"] == [sharer.pk]


def test_it_shows_union_staff_the_same_across_companies(consenting, client_for) -> None:
    world = consenting
    voyages = do_record_crew(
        [world.seafarer_b],
        vessel=world.vessel_b,
        planned_departure=days(7),
        expected_return=days(90),
        recorded_by=world.officer_b,
        source=Voyage.Source.COMPANY,
    )
    url = reverse("voyages:readiness", args=[voyages[0].crew_batch])
    assert "李强" in client_for("union_staff").get(url).content.decode()
    assert client_for("officer_a").get(url).status_code == 404
    assert client_for("seafarer").get(url).status_code == 404
    assert client_for("clinician").get(url).status_code == 404
