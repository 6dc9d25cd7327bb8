"""The .ics download: RFC 5545 lines (CRLF, folded at 75 octets, escaped text), a stable UID,
UTC times, no health details; only the appointment's seafarer and clinician get it."""

from __future__ import annotations

from django.test import Client

from seafarers_home.consultations.actions.booking import do_book_consultation
from seafarers_home.consultations.models import Appointment
from seafarers_home.lib.icalendar import escape_text, fold
from tests.consultations_booking.conftest import at_hospital, hospital_day, make_slot
from tests.personas import World, login


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


def book(world: World, **slot_extra: object) -> Appointment:
    slot = make_slot(world, at_hospital(hospital_day(3), 10), **slot_extra)
    return do_book_consultation(
        world.seafarer, slot, reason="老是失眠,想家;很累", share_screening=False
    )


def test_it_serves_an_rfc5545_calendar(world: World, seafarer_client: Client, settings) -> None:
    settings.SITE_BASE_URL = "https://haiyuan.example.cn"
    appointment = book(world)
    response = seafarer_client.get(f"/consultations/appointments/{appointment.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    raw = response.content
    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line ends in CRLF
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    text = unfold(raw.decode("utf-8"))
    lines = text.split("\r\n")
    starts_utc = appointment.slot.starts_at.strftime("%Y%m%dT%H%M%SZ")
    assert lines[0] == "BEGIN:VCALENDAR" and "END:VCALENDAR" in lines
    assert f"DTSTART:{starts_utc}" in lines
    assert starts_utc.endswith("T020000Z")  # 10:00 Shanghai
    assert "DTEND:" + appointment.slot.ends_at.strftime("%Y%m%dT%H%M%SZ") in lines
    assert f"UID:appointment-{appointment.pk}@haiyuan.example.cn" in lines
    assert "SUMMARY:远程咨询 · 海员之家" in lines
    assert "STATUS:CONFIRMED" in lines
    # The link opens the site the reader reached (scheme, host and port of the request),
    # not a configured base with a fixed port.
    room = f"http://testserver/consultations/room/{appointment.pk}/"
    assert any(line.startswith("DESCRIPTION:") and room in line for line in lines)
    other = seafarer_client.get(
        f"/consultations/appointments/{appointment.pk}/calendar.ics", HTTP_HOST="127.0.0.1:8011"
    )
    assert f"http://127.0.0.1:8011/consultations/room/{appointment.pk}/" in unfold(
        other.content.decode("utf-8")
    )
    assert "失眠" not in text and "想家" not in text  # no health details

    # Cancelled: the same UID, now STATUS:CANCELLED, so a calendar updates the event.
    Appointment.objects.filter(pk=appointment.pk).update(status="cancelled")
    again = unfold(
        seafarer_client.get(
            f"/consultations/appointments/{appointment.pk}/calendar.ics"
        ).content.decode()
    ).split("\r\n")
    assert f"UID:appointment-{appointment.pk}@haiyuan.example.cn" in again
    assert "STATUS:CANCELLED" in again


def test_it_escapes_text_and_folds_on_character_boundaries() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "DESCRIPTION:" + "海员心理咨询科," * 20
    folded = fold(line)
    physical = folded.encode("utf-8").split(b"\r\n")
    assert len(physical) > 3
    assert all(len(p) <= 75 for p in physical)
    assert all(p.startswith(b" ") for p in physical[1:])
    for p in physical:
        p.decode("utf-8")  # no character split across lines
    assert folded.replace("\r\n ", "") == line


def test_it_escapes_the_location_of_an_in_clinic_visit(world: World, seafarer_client) -> None:
    world.clinic.name = "海员心理咨询科, 门诊楼; 3楼"
    world.clinic.save(update_fields=["name"])
    appointment = book(world, mode="in_clinic")
    text = unfold(
        seafarer_client.get(
            f"/consultations/appointments/{appointment.pk}/calendar.ics"
        ).content.decode()
    )
    assert "LOCATION:海员心理咨询科\\, 门诊楼\\; 3楼\r\n" in text
    assert "SUMMARY:到院面诊 · 海员之家" in text


def test_it_gives_the_calendar_to_the_participants_only(
    world: World, seafarer_client: Client, seafarer_b_client: Client, client_for
) -> None:
    appointment = book(world)
    url = f"/consultations/appointments/{appointment.pk}/calendar.ics"
    assert login(Client(), world.clinician).get(url).status_code == 200
    assert seafarer_b_client.get(url).status_code == 404
    for persona in ("union_staff", "officer_a", "outsider"):
        assert client_for(persona).get(url).status_code == 404
