from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from seafarers_home.screening.models import Battery, Clearance, LessonCompletion, Screening
from seafarers_home.screening.training import all_lessons, pre_departure_readiness


def test_it_is_ready_only_with_screening_training_and_a_valid_clearance(world):
    readiness = pre_departure_readiness(world.seafarer)
    assert readiness["screening_done"] is False
    assert readiness["training_done"] is False
    assert readiness["clearance"] == "none"
    assert readiness["ready"] is False

    battery, _ = Battery.objects.get_or_create(
        code="pre-departure",
        defaults={"name": "出海前心理CT", "is_pre_departure_default": True},
    )
    screening = Screening.objects.create(
        seafarer=world.seafarer,
        battery=battery,
        status=Screening.Status.COMPLETED,
        completed_at=timezone.now(),
    )
    for lesson in all_lessons():
        LessonCompletion.objects.create(user=world.seafarer, lesson_slug=lesson.slug)
    Clearance.objects.create(
        seafarer=world.seafarer,
        screening=screening,
        clinician=world.clinician,
        decision=Clearance.Decision.CLEARED,
        valid_until=timezone.localdate() + timedelta(days=90),
    )
    readiness = pre_departure_readiness(world.seafarer)
    assert readiness["screening_done"] and readiness["training_done"]
    assert readiness["lessons_done"] == readiness["lessons_total"] == 5
    assert readiness["clearance"] == "cleared"
    assert readiness["ready"] is True


def test_it_treats_an_expired_clearance_as_not_ready(world):
    Clearance.objects.create(
        seafarer=world.seafarer,
        clinician=world.clinician,
        decision=Clearance.Decision.CLEARED,
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    readiness = pre_departure_readiness(world.seafarer)
    assert readiness["clearance"] == "expired" and readiness["ready"] is False
