"""Legal consultation from the rights scene (issue 11 item 8): the 维权保障 page and a case page
lead to the booking; the booking may link one of the seafarer's own cases (never someone
else's); the legal worker who owns the case logs the call on its timeline with the rights
app's own phone-call entry, and a worker who may not open the case sees neither it nor a form."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consultations.models import Appointment, Mode, Service, Slot
from seafarers_home.rights.models import CaseEntry, RightsCase
from tests.personas import World, login
from tests.rights.conftest import open_case


def _officer_slot(world: World, officer: User) -> Slot:
    starts_at = timezone.now() + timedelta(days=2)
    return Slot.objects.create(
        service=Service.LEGAL,
        department=world.union,
        clinician=officer,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=30),
        mode=Mode.REMOTE,
    )


def _book(client: Client, slot: Slot, case: RightsCase | None, key: str = "k1"):
    url = reverse("consultations:legal_book_slot", args=[slot.pk])
    data = {"topic": "工资什么时候能拿到?", "case": case.pk if case else "", "idempotency_key": key}
    return client.post(url, data)


def test_the_rights_pages_lead_to_the_booking_with_the_case(world: World) -> None:
    case = open_case(world.seafarer)
    client = login(Client(), world.seafarer)
    home = client.get(reverse("rights:home")).content.decode()
    assert reverse("consultations:legal_book") in home and "预约法律咨询" in home
    page = client.get(reverse("rights:case", args=[case.pk])).content.decode()
    assert f"{reverse('consultations:legal_book')}?case={case.pk}" in page
    slot = _officer_slot(world, world.legal_worker)
    booking = client.get(reverse("consultations:legal_book"), {"case": case.pk}).content.decode()
    assert f"{reverse('consultations:legal_book_slot', args=[slot.pk])}?case={case.pk}" in booking
    form = client.get(
        reverse("consultations:legal_book_slot", args=[slot.pk]), {"case": case.pk}
    ).content.decode()
    assert f'<option value="{case.pk}" selected>' in form


def test_a_booking_links_only_the_seafarers_own_case(world: World) -> None:
    theirs = open_case(world.seafarer_b)
    mine = open_case(world.seafarer)
    slot = _officer_slot(world, world.legal_worker)
    client = login(Client(), world.seafarer)
    refused = _book(client, slot, theirs)
    assert refused.status_code == 422
    assert not Appointment.objects.exists()
    assert _book(client, slot, mine, key="k2").status_code == 302
    assert Appointment.objects.get().rights_case == mine


def test_the_case_owner_logs_the_call_on_the_case_timeline(world: World, officer: User) -> None:
    case = open_case(world.seafarer)
    worker = login(Client(), officer)
    assert worker.post(reverse("rights:work_claim", args=[case.pk])).status_code == 302
    slot = _officer_slot(world, officer)
    assert _book(login(Client(), world.seafarer), slot, case).status_code == 302
    appointment = Appointment.objects.get()
    page = worker.get(reverse("consultations:legal_hours")).content.decode()
    assert reverse("rights:work_case", args=[case.pk]) in page
    assert reverse("consultations:legal_call_log", args=[appointment.pk]) in page
    url = reverse("consultations:legal_call_log", args=[appointment.pk])
    data = {f"log{appointment.pk}-body": "电话沟通:船东答应月底前付清。", "idempotency_key": "x"}
    data[f"log{appointment.pk}-idempotency_key"] = "call-1"
    assert worker.post(url, data).status_code == 302
    assert worker.post(url, data).status_code == 302  # a resend stores it once
    calls = CaseEntry.objects.filter(case=case, kind=CaseEntry.Kind.PHONE_CALL)
    assert calls.count() == 1
    entry = calls.get()
    assert entry.author == officer and entry.body == "电话沟通:船东答应月底前付清。"
    assert entry.visible_to_seafarer is False


def test_a_worker_who_may_not_open_the_case_sees_no_case_and_logs_nothing(
    world: World, officer: User
) -> None:
    # The case stays with the union (no firm assigned): the firm's lawyer may not open it.
    case = open_case(world.seafarer)
    login(Client(), officer).post(reverse("rights:work_claim", args=[case.pk]))
    slot = _officer_slot(world, world.legal_worker)
    slot.department = world.law_firm
    slot.save(update_fields=["department"])
    assert _book(login(Client(), world.seafarer), slot, case).status_code == 302
    appointment = Appointment.objects.get()
    lawyer = login(Client(), world.legal_worker)
    page = lawyer.get(reverse("consultations:legal_hours")).content.decode()
    assert case.summary not in page and "您不能办理" in page
    url = reverse("consultations:legal_call_log", args=[appointment.pk])
    body = {f"log{appointment.pk}-body": "试图记录", f"log{appointment.pk}-idempotency_key": "y"}
    assert lawyer.post(url, body).status_code == 302
    assert not CaseEntry.objects.filter(case=case, kind=CaseEntry.Kind.PHONE_CALL).exists()


def test_an_unclaimed_case_refuses_the_log_with_the_rights_apps_reason(
    world: World, officer: User
) -> None:
    case = open_case(world.seafarer)
    slot = _officer_slot(world, officer)
    assert _book(login(Client(), world.seafarer), slot, case).status_code == 302
    appointment = Appointment.objects.get()
    url = reverse("consultations:legal_call_log", args=[appointment.pk])
    body = {f"log{appointment.pk}-body": "记录", f"log{appointment.pk}-idempotency_key": "z"}
    response = login(Client(), officer).post(url, body, follow=True)
    assert "请先认领这个案件" in response.content.decode()
    assert not CaseEntry.objects.filter(case=case, kind=CaseEntry.Kind.PHONE_CALL).exists()
