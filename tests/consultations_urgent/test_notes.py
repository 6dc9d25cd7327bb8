"""The consultation note: encrypted at rest, plan actions once, the seafarer sees only the
summary the clinician shares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.consultations.models_clinical import ConsultationNote
from seafarers_home.notifications.models import Notification
from tests.personas import World, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def appointment(world: World) -> Appointment:
    start = timezone.now() - timedelta(minutes=10)
    slot = Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )
    return Appointment.objects.create(slot=slot, seafarer=world.seafarer, reason="睡不好")


def _write(client: Client, appointment: Appointment, **data):
    payload = {
        "note": "主诉失眠两周,情绪低落。",
        "assessment": "轻度抑郁",
        "risk_level": "follow_up",
    }
    payload.update(data)
    return client.post(f"/consultations/appointments/{appointment.pk}/note/", payload)


def test_it_stores_the_note_encrypted(world: World, appointment, client_for) -> None:
    assert _write(client_for("clinician"), appointment).status_code == 302
    note = ConsultationNote.objects.get()
    assert note.note == "主诉失眠两周,情绪低落。"
    with connection.cursor() as cursor:
        cursor.execute("SELECT note, assessment FROM consultations_consultationnote")
        raw_note, raw_assessment = cursor.fetchone()
    assert "失眠" not in raw_note and "抑郁" not in raw_assessment


def test_it_shows_the_seafarer_only_a_shared_summary(
    world: World, appointment, client_for, outbox
) -> None:
    clinician = client_for("clinician")
    _write(clinician, appointment, shared_summary="请保持规律作息,两周后复诊。")
    note = ConsultationNote.objects.get()
    seafarer = client_for("seafarer")
    assert seafarer.get(f"/consultations/notes/{note.pk}/").status_code == 404  # not shared yet
    _write(
        clinician,
        appointment,
        shared_summary="请保持规律作息,两周后复诊。",
        share="on",
        lesson_slugs=["alcohol"],
    )
    page = seafarer.get(f"/consultations/notes/{note.pk}/").content.decode()
    assert "请保持规律作息" in page
    assert "主诉失眠" not in page and "轻度抑郁" not in page
    message = Notification.objects.get(user=world.seafarer, kind="consultation.summary").message
    assert "失眠" not in message and "抑郁" not in message
    assert client_for("seafarer").get(f"/consultations/notes/{note.pk}/").status_code == 200
    other = login(Client(), world.seafarer_b)
    assert other.get(f"/consultations/notes/{note.pk}/").status_code == 404


def test_it_raises_a_crisis_alert_once_when_the_plan_says_crisis_protocol(
    world: World, appointment, client_for
) -> None:
    clinician = client_for("clinician")
    _write(clinician, appointment, plan=["crisis_protocol"])
    _write(clinician, appointment, plan=["crisis_protocol"], note="补充记录")
    alerts = CrisisAlert.objects.filter(seafarer=world.seafarer, reason="consultation_crisis")
    assert alerts.count() == 1


def test_it_refuses_a_follow_up_without_a_date_and_changes_nothing(
    world: World, appointment, client_for
) -> None:
    response = _write(client_for("clinician"), appointment, plan=["follow_up"])
    assert response.status_code == 200
    assert "请填写复诊日期" in response.content.decode()
    assert not ConsultationNote.objects.exists()


def test_it_keeps_the_note_page_to_the_appointments_clinician(
    world: World, appointment, client_for
) -> None:
    for persona in ("seafarer", "counsellor", "union_staff", "officer_a"):
        assert (
            client_for(persona)
            .get(f"/consultations/appointments/{appointment.pk}/note/")
            .status_code
            == 404
        )
