"""Urgent consultations: union staff page the on-call psychiatrist for a seafarer at sea, who
calls them into a room or rings the ship; one episode, one timeline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.actions.urgent import (
    UrgentInvalid,
    do_call_seafarer_into_room,
    do_open_urgent_request,
    do_take_urgent_request,
)
from seafarers_home.consultations.models import Appointment
from seafarers_home.consultations.models_clinical import UrgentEvent, UrgentRequest
from seafarers_home.notifications.models import Notification
from tests.personas import World, login

pytestmark = pytest.mark.django_db


def _open(client: Client, world: World, **extra: str):
    data = {"seafarer": world.seafarer.phone, "reason": "船员连续三天不吃不睡,说想跳海。", **extra}
    return client.post("/consultations/urgent/new/", data)


def test_it_pages_the_on_call_psychiatrist_with_a_tier_two_alert(
    world: World, psychiatrist, client_for, outbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = _open(client_for("union_staff"), world, callback_number="+870 7730 12345")
    urgent = UrgentRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/consultations/urgent/{urgent.pk}/"
    alert = urgent.alert
    assert alert.source == CrisisAlert.Source.CONSULTATION
    assert alert.tier == 2 and alert.status == CrisisAlert.Status.OPEN
    # Only the on-call psychiatrist is paged, by SMS without the seafarer's name or story.
    assert [phone for phone, _text in outbox] == [psychiatrist.phone]
    assert "跳海" not in outbox[0][1] and "王海" not in outbox[0][1]
    assert urgent.callback_number == "+870 7730 12345"
    assert list(urgent.events.values_list("kind", flat=True)) == [UrgentEvent.Kind.OPENED]


def test_it_finds_the_seafarer_by_seafarers_book_number(world: World, client_for) -> None:
    client = client_for("counsellor")
    response = client.post(
        "/consultations/urgent/new/", {"seafarer": "SB0000001", "reason": "情绪崩溃"}
    )
    assert response.status_code == 302
    assert UrgentRequest.objects.get().seafarer == world.seafarer


def test_it_refuses_unknown_seafarers_and_empty_reasons_and_writes_nothing(
    world: World, client_for
) -> None:
    client = client_for("union_staff")
    unknown = client.post("/consultations/urgent/new/", {"seafarer": "13999999999", "reason": "x"})
    assert "没有找到这位海员" in unknown.content.decode()
    empty = client.post(
        "/consultations/urgent/new/", {"seafarer": world.seafarer.phone, "reason": ""}
    )
    assert empty.status_code == 200
    outsider = client.post(
        "/consultations/urgent/new/", {"seafarer": world.outsider.phone, "reason": "x"}
    )
    assert "没有找到这位海员" in outsider.content.decode()
    assert not UrgentRequest.objects.exists()
    assert not CrisisAlert.objects.exists()


def test_it_keeps_one_open_episode_per_seafarer(world: World, client_for) -> None:
    _open(client_for("union_staff"), world)
    second = _open(client_for("counsellor"), world)
    assert "已有一个进行中的紧急会诊" in second.content.decode()
    assert UrgentRequest.objects.count() == 1
    assert CrisisAlert.objects.count() == 1


def test_it_lets_the_psychiatrist_take_it_and_call_the_seafarer_into_a_room(
    world: World, psychiatrist, outbox, django_capture_on_commit_callbacks
) -> None:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="情绪低落")
    client = login(Client(), psychiatrist)
    client.post(f"/consultations/urgent/{urgent.pk}/take/")
    urgent.refresh_from_db()
    assert urgent.psychiatrist == psychiatrist
    assert urgent.alert.status == CrisisAlert.Status.ACKNOWLEDGED
    assert urgent.alert.escalate_at is None

    outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/consultations/urgent/{urgent.pk}/room/")
    urgent.refresh_from_db()
    appointment = urgent.appointment
    assert urgent.status == UrgentRequest.Status.IN_CALL
    assert appointment.seafarer == world.seafarer
    assert appointment.slot.clinician == psychiatrist
    assert appointment.slot.starts_at <= timezone.now() < appointment.slot.ends_at
    notice = Notification.objects.get(user=world.seafarer, kind="consultation.urgent_call")
    assert notice.url == f"/consultations/urgent/{urgent.pk}/join/"
    assert outbox == [(world.seafarer.phone, "海员之家:" + notice.message)]
    # Calling again while the room is open reuses it.
    do_call_seafarer_into_room(urgent, psychiatrist)
    assert Appointment.objects.count() == 1


def test_it_refuses_a_second_clinician_and_the_opener_cannot_take_it(
    world: World, psychiatrist
) -> None:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="失眠")
    do_take_urgent_request(urgent, psychiatrist)
    with pytest.raises(UrgentInvalid):
        do_take_urgent_request(urgent, world.clinician)
    with pytest.raises(UrgentInvalid):
        do_call_seafarer_into_room(urgent, world.clinician)
    response = login(Client(), world.clinician).post(f"/consultations/urgent/{urgent.pk}/room/")
    assert response.status_code == 302
    assert not Appointment.objects.exists()


def test_it_arranges_a_satellite_phone_callback_and_records_the_result(
    world: World, psychiatrist, outbox, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        urgent = do_open_urgent_request(world.seafarer, world.counsellor, reason="焦虑")
    client = login(Client(), psychiatrist)
    client.post(f"/consultations/urgent/{urgent.pk}/take/")
    at = (timezone.localtime() + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        f"/consultations/urgent/{urgent.pk}/callback/", {"number": "+870 7730 12345", "at": at}
    )
    urgent.refresh_from_db()
    assert urgent.status == UrgentRequest.Status.CALLBACK_ARRANGED
    assert urgent.callback_number == "+870 7730 12345"
    client.post(f"/consultations/urgent/{urgent.pk}/callback-result/", {"reached": "0"})
    client.post(f"/consultations/urgent/{urgent.pk}/close/", {"outcome": "unreachable"})
    urgent.refresh_from_db()
    assert urgent.status == UrgentRequest.Status.CLOSED
    # Nobody reached the seafarer: the alert stops paging but stays unresolved on the board.
    urgent.alert.refresh_from_db()
    assert urgent.alert.status == CrisisAlert.Status.ACKNOWLEDGED
    assert urgent.alert.escalate_at is None
    assert list(urgent.alert.actions.values_list("outcome", flat=True)) == ["not_reachable"]
    kinds = list(urgent.events.values_list("kind", flat=True))
    assert kinds == ["opened", "acknowledged", "callback_arranged", "callback_result", "closed"]
    page = client.get(f"/consultations/urgent/{urgent.pk}/").content.decode()
    assert "安排卫星电话回拨" in page and "未接通" in page
    # The timeline also shows who was paged.
    assert "呼叫第2梯队值班医生" in page


def test_it_refuses_a_callback_in_the_past(world: World, psychiatrist) -> None:
    urgent = do_open_urgent_request(world.seafarer, world.counsellor, reason="焦虑")
    client = login(Client(), psychiatrist)
    client.post(f"/consultations/urgent/{urgent.pk}/take/")
    at = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/consultations/urgent/{urgent.pk}/callback/", {"number": "12345", "at": at}, follow=True
    )
    assert "回拨时间不能早于现在" in response.content.decode()
    urgent.refresh_from_db()
    assert urgent.status == UrgentRequest.Status.ACKNOWLEDGED


@pytest.mark.django_db(transaction=True)
def test_it_escalates_an_untaken_page_through_the_worker(
    world: World, psychiatrist, outbox, settings
) -> None:
    # Raised with no delay, so its escalation task is already due; later steps use 5 minutes.
    settings.CRISIS_ESCALATION_SECONDS = 0
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="想不开")
    settings.CRISIS_ESCALATION_SECONDS = 300
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
    urgent.alert.refresh_from_db()
    assert urgent.alert.tier == 3


def test_it_lets_the_opener_withdraw_before_anyone_takes_it(world: World, client_for) -> None:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="误报")
    client_for("counsellor").post(
        f"/consultations/urgent/{urgent.pk}/close/", {"outcome": "withdrawn"}
    )
    urgent.refresh_from_db()
    assert urgent.status != UrgentRequest.Status.CLOSED  # not the opener
    client_for("union_staff").post(
        f"/consultations/urgent/{urgent.pk}/close/", {"outcome": "withdrawn"}
    )
    urgent.refresh_from_db()
    assert urgent.status == UrgentRequest.Status.CLOSED
    assert urgent.alert.status == CrisisAlert.Status.RESOLVED


def test_it_keeps_episodes_from_seafarers_and_officers(world: World, client_for) -> None:
    urgent = do_open_urgent_request(world.seafarer, world.union_staff, reason="失眠")
    for persona in ("seafarer", "officer_a", "outsider"):
        assert client_for(persona).get(f"/consultations/urgent/{urgent.pk}/").status_code == 404
    assert client_for("clinician").get(f"/consultations/urgent/{urgent.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="urgent_consultation.read").count() == 1
