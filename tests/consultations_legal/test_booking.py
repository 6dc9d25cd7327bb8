"""Legal consultations through the HTTP client: a legal worker publishes hours, a seafarer books
one of the free legal slots (no health-data consent needed), both see it in their own lists;
the .ics says "legal consultation" and nothing of the topic; a resend books once."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse

from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.models import Appointment, Availability, Service, Slot
from seafarers_home.notifications.models import Notification
from tests.consultations_legal.conftest import hours_post, legal_slot
from tests.personas import World, give_health_consent, login


def test_a_legal_worker_publishes_hours_as_legal_slots(world: World, worker_client: Client):
    response = worker_client.post(reverse("consultations:legal_hours"), hours_post())
    assert response.status_code == 302
    hours = Availability.objects.get(clinician=world.legal_worker)
    assert hours.service == Service.LEGAL
    slots = Slot.objects.filter(clinician=world.legal_worker, is_withdrawn=False)
    assert slots.count() >= 4  # four Tuesday calls a week, for the coming weeks
    assert set(slots.values_list("service", flat=True)) == {Service.LEGAL}
    assert set(slots.values_list("department", flat=True)) == {world.law_firm.pk}
    page = worker_client.get(reverse("consultations:legal_hours"))
    assert "14:00–16:00" in page.content.decode()
    # Clinicians' slots of the same service? None: nothing clinical was published.
    assert not Slot.objects.filter(clinician=world.legal_worker, service="clinical").exists()


def test_legal_hours_are_calls_only_and_refused_to_a_clinician(world: World, worker_client):
    refused = worker_client.post(
        reverse("consultations:legal_hours"), hours_post(**{"h-mode": "in_clinic"})
    )
    assert refused.status_code == 200  # the form again, with its error
    assert not Availability.objects.exists()
    clinician = login(Client(), world.clinician)
    assert clinician.get(reverse("consultations:legal_hours")).status_code == 404
    assert clinician.post(reverse("consultations:legal_hours"), hours_post()).status_code == 404
    assert not Availability.objects.exists()


def test_a_seafarer_books_a_legal_slot_without_health_consent(
    world: World, seafarer_client: Client, outbox, django_capture_on_commit_callbacks
):
    slot = legal_slot(world)
    book_page = seafarer_client.get(reverse("consultations:legal_book"))
    assert book_page.status_code == 200
    assert reverse("consultations:legal_book_slot", args=[slot.pk]) in book_page.content.decode()
    data = {"topic": "公司扣了我的海员证,怎么办?", "case": "", "idempotency_key": "legal-1"}
    url = reverse("consultations:legal_book_slot", args=[slot.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = seafarer_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("consultations:legal_mine"))
    again = seafarer_client.post(url, data)  # the link dropped; the form is sent again
    assert again.status_code == 302
    appointment = Appointment.objects.get()
    assert appointment.seafarer == world.seafarer and appointment.is_legal
    assert appointment.reason == "公司扣了我的海员证,怎么办?"
    assert appointment.screening_summary == "" and appointment.rights_case is None
    mine = seafarer_client.get(reverse("consultations:legal_mine")).content.decode()
    assert reverse("consultations:room", args=[appointment.pk]) in mine
    assert reverse("consultations:ics", args=[appointment.pk]) in mine
    # The worker is told, linked to their legal page; the seafarer's notice says "法律咨询".
    told = Notification.objects.get(user=world.legal_worker, kind="consultation.booking")
    assert told.url == reverse("consultations:legal_hours") and "法律咨询" in told.message
    notice = Notification.objects.get(user=world.seafarer, kind="appointment.booked")
    assert "法律咨询" in notice.message and notice.url.startswith("/consultations/legal/")
    worker = login(Client(), world.legal_worker)
    page = worker.get(reverse("consultations:legal_hours")).content.decode()
    assert "公司扣了我的海员证" in page
    assert AuditEvent.objects.filter(action="consultations.bookings_read").exists()


def test_the_calendar_file_names_a_legal_consultation_and_no_topic(world: World, seafarer_client):
    slot = legal_slot(world)
    url = reverse("consultations:legal_book_slot", args=[slot.pk])
    seafarer_client.post(url, {"topic": "欠薪三个月", "idempotency_key": "k"})
    appointment = Appointment.objects.get()
    ics = seafarer_client.get(reverse("consultations:ics", args=[appointment.pk]))
    assert ics.status_code == 200
    text = ics.content.decode()
    assert "SUMMARY:法律咨询 · 海员之家" in text and "欠薪" not in text
    assert f"/consultations/room/{appointment.pk}/" in text.replace("\r\n ", "")
    worker = login(Client(), world.legal_worker)
    assert worker.get(reverse("consultations:ics", args=[appointment.pk])).status_code == 200


def test_the_seafarer_and_the_worker_cancel_and_each_lands_on_their_legal_page(
    world: World,
    seafarer_client: Client,
    worker_client: Client,
    outbox,
    django_capture_on_commit_callbacks,
):
    first = legal_slot(world)
    second = legal_slot(world, starts_in=timedelta(days=3))
    for slot, key in ((first, "a"), (second, "b")):
        seafarer_client.post(
            reverse("consultations:legal_book_slot", args=[slot.pk]), {"idempotency_key": key}
        )
    mine, theirs = Appointment.objects.order_by("slot__starts_at")
    response = seafarer_client.post(reverse("consultations:cancel", args=[mine.pk]))
    assert response["Location"] == reverse("consultations:legal_mine")
    with django_capture_on_commit_callbacks(execute=True):
        response = worker_client.post(
            reverse("consultations:cancel", args=[theirs.pk]), {"reason": "临时出庭"}
        )
    assert response["Location"] == reverse("consultations:legal_hours")
    statuses = set(Appointment.objects.values_list("status", flat=True))
    assert statuses == {"cancelled"}
    told = Notification.objects.get(user=world.seafarer, kind="appointment.cancelled")
    assert "法律工作者" in told.message and told.url == reverse("consultations:legal_mine")


def test_a_taken_or_clinical_slot_is_not_booked_here(world: World, seafarer_client: Client):
    slot = legal_slot(world)
    Appointment.objects.create(slot=slot, seafarer=world.seafarer_b)
    url = reverse("consultations:legal_book_slot", args=[slot.pk])
    refused = seafarer_client.post(url, {"topic": "x", "idempotency_key": "k1"})
    assert refused.status_code == 422
    assert "已被预约" in refused.content.decode()
    assert Appointment.objects.count() == 1
    clinical = Slot.objects.create(
        department=world.clinic,
        clinician=world.clinician,
        starts_at=slot.starts_at + timedelta(hours=1),
        ends_at=slot.ends_at + timedelta(hours=1),
        mode="remote",
    )
    url = reverse("consultations:legal_book_slot", args=[clinical.pk])
    assert seafarer_client.post(url, {"idempotency_key": "k2"}).status_code == 404
    assert Appointment.objects.count() == 1


def test_a_legal_slot_is_never_listed_or_booked_as_a_clinical_consultation(
    world: World, health_consent_document
):
    give_health_consent(world.seafarer)
    client = login(Client(), world.seafarer)
    slot = legal_slot(world)
    assert (
        reverse("consultations:book_slot", args=[slot.pk])
        not in client.get(reverse("consultations:book")).content.decode()
    )
    assert client.get(reverse("consultations:book_slot", args=[slot.pk])).status_code == 404
    api = client.post(
        "/api/v1/consultations/appointments",
        {"slot_id": slot.pk, "reason": "", "share_screening": True},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="api-1",
    )
    assert api.status_code == 404
    assert not Appointment.objects.exists()
