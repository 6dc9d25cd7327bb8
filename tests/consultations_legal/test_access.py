"""Who reaches which consultation, by service: clinicians never a legal one, legal workers never a
clinical one (nor its note), another legal worker not a colleague's, company officers neither;
always 404, never 403."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seafarers_home.accounts.models import Role
from seafarers_home.consultations.models import Appointment, Slot
from tests.consultations_legal.conftest import legal_appointment
from tests.personas import World, _user, give_health_consent, login


def _clinical_appointment(world: World, *, starts_in: timedelta = timedelta(0)) -> Appointment:
    starts_at = timezone.now() + starts_in
    slot = Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        mode="remote",
    )
    return Appointment.objects.create(
        slot=slot, seafarer=world.seafarer, reason="睡不着", screening_summary="PHQ-9: 中度"
    )


def _pages(appointment: Appointment) -> list[tuple[str, str]]:
    pk = appointment.pk
    return [
        ("get", reverse("consultations:ics", args=[pk])),
        ("get", reverse("consultations:room", args=[pk])),
        ("get", reverse("consultations:ice", args=[pk])),
        ("post", reverse("consultations:cancel", args=[pk])),
    ]


def _status(client: Client, method: str, url: str) -> int:
    return (client.post(url, {"reason": "x"}) if method == "post" else client.get(url)).status_code


def test_a_clinician_reaches_nothing_of_a_legal_consultation(world: World):
    appointment = legal_appointment(world, starts_in=timedelta(0))
    clinician = login(Client(), world.clinician)
    for method, url in _pages(appointment):
        assert _status(clinician, method, url) == 404, url
    note = reverse("consultations:appointment_note", args=[appointment.pk])
    assert clinician.get(note).status_code == 404
    page = clinician.get(reverse("consultations:availability")).content.decode()
    assert str(world.seafarer.display_name) not in page
    assert Appointment.objects.get().status == "booked"


def test_a_legal_worker_reaches_nothing_clinical(world: World, health_consent_document):
    give_health_consent(world.seafarer)
    appointment = _clinical_appointment(world, starts_in=timedelta(0))
    worker = login(Client(), world.legal_worker)
    for method, url in _pages(appointment):
        assert _status(worker, method, url) == 404, url
    for name in ("appointment_note", "legal_call_log"):
        url = reverse(f"consultations:{name}", args=[appointment.pk])
        assert worker.post(url, {"body": "x"}).status_code == 404, name
    assert worker.get(reverse("consultations:availability")).status_code == 404
    page = worker.get(reverse("consultations:legal_hours")).content.decode()
    assert "睡不着" not in page and "PHQ-9" not in page
    assert Appointment.objects.get().status == "booked"


def test_another_legal_worker_and_company_officers_get_404(world: World):
    appointment = legal_appointment(world, starts_in=timedelta(0))
    colleague = _user("13800000029", "孙律师", (Role.LEGAL_WORKER, world.union))
    for persona in (colleague, world.officer_a, world.union_staff, world.seafarer_b):
        client = login(Client(), persona)
        for method, url in _pages(appointment):
            assert _status(client, method, url) == 404, (persona, url)
        call_log = reverse("consultations:legal_call_log", args=[appointment.pk])
        assert client.post(call_log, {"body": "x"}).status_code == 404, persona
    officer = login(Client(), world.officer_a)
    for name in ("legal_book", "legal_mine", "legal_hours"):
        assert officer.get(reverse(f"consultations:{name}")).status_code == 404, name
    assert Appointment.objects.get().status == "booked"


def test_both_participants_open_the_legal_room_without_health_consent(world: World):
    appointment = legal_appointment(world, starts_in=timedelta(0))
    url = reverse("consultations:room", args=[appointment.pk])
    for user in (world.seafarer, world.legal_worker):
        page = login(Client(), user).get(url)
        assert page.status_code == 200, user
        text = page.content.decode()
        assert "法律咨询室" in text and "写咨询记录" not in text
        assert f"/ws/consultations/{appointment.pk}/" in text
    later = legal_appointment(world, starts_in=timedelta(days=1))
    closed = login(Client(), world.seafarer).get(reverse("consultations:room", args=[later.pk]))
    assert closed.status_code == 409


def test_legal_bookings_stay_off_the_clinical_lists(world: World, health_consent_document):
    give_health_consent(world.seafarer)
    legal = legal_appointment(world)
    client = login(Client(), world.seafarer)
    mine = client.get(reverse("consultations:mine")).content.decode()
    assert f'id="a{legal.pk}"' not in mine
    api = client.get("/api/v1/consultations/appointments")
    assert api.status_code == 200 and api.json() == []
    cancel = client.post(
        f"/api/v1/consultations/appointments/{legal.pk}/cancel", HTTP_IDEMPOTENCY_KEY="c1"
    )
    assert cancel.status_code == 404
    assert client.get(reverse("consultations:reschedule", args=[legal.pk])).status_code == 404
    legal_mine = client.get(reverse("consultations:legal_mine")).content.decode()
    assert f'id="a{legal.pk}"' in legal_mine
