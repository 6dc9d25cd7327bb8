from __future__ import annotations

from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.screening.models import LessonCompletion
from seafarers_home.screening.training import all_lessons

SLUGS = [
    "stress-at-sea",
    "sleep-on-watch",
    "loneliness-and-family",
    "alcohol",
    "crewmate-in-crisis",
]


def test_it_ships_five_lessons_in_chinese_and_english():
    lessons = all_lessons()
    assert [lesson.slug for lesson in lessons] == SLUGS
    assert all(set(lesson.texts) == {"zh-hans", "en"} for lesson in lessons)


def test_it_lists_lessons_with_completion_ticks(world, client_for):
    LessonCompletion.objects.create(user=world.seafarer, lesson_slug="alcohol")
    html = client_for("seafarer").get(reverse("screening:training")).content.decode()
    for slug in SLUGS:
        assert reverse("screening:lesson", args=[slug]) in html
    assert html.count("✓") == 1
    assert "1 / 5" in html


def test_it_records_a_completion_once_however_often_it_is_posted(world, client_for):
    client = client_for("seafarer")
    url = reverse("screening:lesson", args=["sleep-on-watch"])
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert LessonCompletion.objects.filter(user=world.seafarer).count() == 1
    assert AuditEvent.objects.filter(action="screening.lesson.complete").count() == 1
    assert "您已学完这一课" in client.get(url).content.decode()


def test_it_teaches_what_to_do_for_a_crewmate_in_crisis(world, client_for):
    html = (
        client_for("seafarer")
        .get(reverse("screening:lesson", args=["crewmate-in-crisis"]))
        .content.decode()
    )
    assert "<ol>" in html and "12356" in html
    for step in ("陪着他", "告诉船长", "心理热线"):
        assert step in html
    assert "我已学完" in html


def test_it_shows_the_english_text_in_english(world, client_for):
    client = client_for("seafarer")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("screening:lesson", args=["alcohol"])).content.decode()
    assert "About drinking" in html and "I have finished" in html


def test_it_answers_404_for_an_unknown_lesson(world, client_for):
    client = client_for("seafarer")
    assert client.get(reverse("screening:lesson", args=["no-such"])).status_code == 404
    assert client.post(reverse("screening:lesson", args=["no-such"])).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_it_is_for_seafarers_only(world, client_for):
    for persona in ("clinician", "union_staff", "officer_a", "outsider", "admin"):
        client = client_for(persona)
        assert client.get(reverse("screening:training")).status_code == 404
        assert client.post(reverse("screening:lesson", args=["alcohol"])).status_code == 404
    assert not LessonCompletion.objects.exists()


def test_it_needs_no_health_consent(world, client_for):
    # The seafarer persona has not given the health-data consent: lessons still open.
    assert client_for("seafarer").get(reverse("screening:training")).status_code == 200
