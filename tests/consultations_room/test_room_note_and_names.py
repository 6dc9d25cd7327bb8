"""Issue 16 items 8 and 11: the room names the other person, and the clinician reaches the
consultation note from the room and from the bookings list (not only by typing its URL)."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from seafarers_home.consultations.models_clinical import ConsultationNote
from tests.personas import give_health_consent


def test_the_room_names_the_seafarer_to_the_clinician_and_the_clinician_to_the_seafarer(
    world, client_for, appointment_factory
):
    give_health_consent(world.seafarer)
    world.clinician.display_name = "陈静"
    world.clinician.save()
    appointment = appointment_factory()
    url = reverse("consultations:room", args=[appointment.pk])
    clinician_page = client_for("clinician").get(url).content.decode()
    assert f"与 {world.seafarer} 的远程咨询" in clinician_page
    seafarer_page = client_for("seafarer").get(url).content.decode()
    assert "与 陈静 的远程咨询" in seafarer_page


def test_the_closed_room_still_names_the_other_person(world, client_for, appointment_factory):
    appointment = appointment_factory(starts_in=timedelta(days=2))
    response = client_for("clinician").get(reverse("consultations:room", args=[appointment.pk]))
    assert response.status_code == 409
    assert f"与 {world.seafarer} 的远程咨询" in response.content.decode()


def test_the_room_carries_the_note_link_for_the_clinician_only(
    world, client_for, appointment_factory
):
    give_health_consent(world.seafarer)
    appointment = appointment_factory()
    url = reverse("consultations:room", args=[appointment.pk])
    note_url = reverse("consultations:appointment_note", args=[appointment.pk])
    clinician_page = client_for("clinician").get(url).content.decode()
    # Shown by call.js once the call has ended (tests/consultations_room/test_call_browser.py).
    assert f'id="call-note" href="{note_url}" hidden' in clinician_page
    assert note_url not in client_for("seafarer").get(url).content.decode()


def test_after_the_window_the_room_page_leads_the_clinician_to_the_note(
    world, client_for, appointment_factory
):
    appointment = appointment_factory(starts_in=timedelta(hours=-3))
    response = client_for("clinician").get(reverse("consultations:room", args=[appointment.pk]))
    assert response.status_code == 409
    note_url = reverse("consultations:appointment_note", args=[appointment.pk])
    assert f'id="room-note" href="{note_url}"' in response.content.decode()
    assert client_for("clinician").get(note_url).status_code == 200


def test_the_bookings_list_leads_to_the_note_before_and_after_the_consultation(
    world, client_for, appointment_factory
):
    upcoming = appointment_factory(starts_in=timedelta(hours=2))
    ended = appointment_factory(starts_in=timedelta(days=-1))
    too_old = appointment_factory(starts_in=timedelta(days=-30))
    client = client_for("clinician")
    html = client.get(reverse("consultations:availability")).content.decode()
    for appointment in (upcoming, ended):
        assert reverse("consultations:appointment_note", args=[appointment.pk]) in html
    assert reverse("consultations:appointment_note", args=[too_old.pk]) not in html
    assert "未写记录" in html

    response = client.post(
        reverse("consultations:appointment_note", args=[ended.pk]),
        {"note": "谈了睡眠和家里的事。", "follow_up_on": "2026-12-20"},
    )
    assert response.status_code == 302
    assert ConsultationNote.objects.filter(appointment=ended).exists()
    html = client.get(reverse("consultations:availability")).content.decode()
    assert "未写记录" not in html
    assert "查看或修改咨询记录" in html


def test_the_bookings_list_shows_only_the_clinicians_own_consultations(
    world, client_for, appointment_factory
):
    others = appointment_factory(starts_in=timedelta(days=-1), clinician=world.counsellor)
    html = client_for("clinician").get(reverse("consultations:availability")).content.decode()
    assert reverse("consultations:appointment_note", args=[others.pk]) not in html
