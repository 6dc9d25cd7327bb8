from __future__ import annotations

import datetime

from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seafarers_home.accounts.models import User
from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.actions import do_record_review
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import Review, Screening
from tests.personas import World
from tests.screening_review.conftest import phq9_answers


def _url(screening: Screening) -> str:
    return reverse("screening:review_detail", args=[screening.pk])


def test_it_shows_the_answers_and_audits_the_read(client_for, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "follow_up")
    response = client_for("clinician").get(_url(screening))
    assert response.status_code == 200
    html = response.content.decode()
    instrument = get_instrument("phq9")
    answers = phq9_answers("follow_up")
    with translation.override("zh-hans"):
        assert instrument.title in html
        for item in instrument.items:
            label = next(o.label for o in item.options if o.value == answers[item.id])
            text = f"<strong>{item.text}</strong>" if item.safety else item.text
            assert f"<td>{text}</td><td>{answers[item.id]} · {label}</td>" in html
        assert "<strong>14</strong>" in html
        assert instrument.band_for(14).label in html
    event = AuditEvent.objects.get(action="screening.view")
    assert event.actor == world.clinician
    assert event.target_id == str(screening.pk)
    assert event.purpose == "screening review"


def test_it_marks_the_safety_item(client_for, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "crisis")
    html = client_for("clinician").get(_url(screening)).content.decode()
    item9 = get_instrument("phq9").item("phq9_9")
    with translation.override("zh-hans"):
        assert f"<strong>{item9.text}</strong>" in html
    assert "安全条目阳性" in html and "危机" in html


def test_it_shows_history_previous_reviews_and_clearances(
    client_for, world: World, make_screening
) -> None:
    older = make_screening(world.seafarer, "routine", hours_ago=500)
    do_record_review(older, world.clinician, "上次复核:睡眠差", None)
    current = make_screening(world.seafarer, "urgent")
    html = client_for("clinician").get(_url(current)).content.decode()
    assert _url(older) in html
    assert "上次复核:睡眠差" in html


def test_it_stores_the_note_encrypted_and_shows_it_back(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, "urgent")
    client = client_for("clinician")
    follow_up = timezone.localdate() + datetime.timedelta(days=14)
    response = client.post(
        _url(screening), {"note": "情绪低落,建议两周后随访", "follow_up_on": follow_up}
    )
    assert response.status_code == 302
    review = Review.objects.get(screening=screening)
    assert review.note == "情绪低落,建议两周后随访"
    assert review.follow_up_on == follow_up
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM screening_review WHERE id = %s", [review.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("fernet:") and "情绪" not in raw
    screening.refresh_from_db()
    assert screening.reviewed_at is not None
    html = client.get(_url(screening)).content.decode()
    assert "情绪低落,建议两周后随访" in html
    assert follow_up.isoformat() in html
    audit = AuditEvent.objects.get(action="screening.review")
    assert "情绪" not in str(audit.detail)


def test_it_refuses_a_past_follow_up_date_and_saves_nothing(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, "urgent")
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for("clinician").post(_url(screening), {"note": "x", "follow_up_on": past})
    assert response.status_code == 200
    assert "随访日期不能早于今天" in response.content.decode()
    assert not Review.objects.exists()
    screening.refresh_from_db()
    assert screening.reviewed_at is None


def test_it_refuses_an_empty_note_in_english_too(client_for, world: World, make_screening) -> None:
    screening = make_screening(world.seafarer, "urgent")
    client = client_for("clinician")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(_url(screening), {"note": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Review.objects.exists()


def test_it_answers_404_for_an_unfinished_screening(
    client_for, world: World, make_screening
) -> None:
    screening = make_screening(world.seafarer, completed=False)
    assert client_for("clinician").get(_url(screening)).status_code == 404


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_it_stores_any_note_text_unchanged(world: World, make_screening, note: str) -> None:
    screening = make_screening(world.seafarer, "routine")
    clinician = User.objects.get(pk=world.clinician.pk)
    review = do_record_review(screening, clinician, note, None)
    assert Review.objects.get(pk=review.pk).note == note
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM screening_review WHERE id = %s", [review.pk])
        (raw,) = cursor.fetchone()
    assert raw.startswith("fernet:")
