"""Nothing slow inside a request (issue 20 item 3): SMS go out from the task worker. With a
gateway that stalls, a reply page and a crisis alert return without ever entering it; the
worker sends afterwards; a failing gateway is retried by the one periodic job, then given up."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import ClassVar

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.accounts.sms import BaseSmsBackend, SmsDeliveryError
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import AlertNotification, DutyShift
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.notifications.models import Notification
from seafarers_home.notifications.sms_outbox import MAX_ATTEMPTS, retry_unsent
from tests.inquiries_answering.conftest import make_question
from tests.personas import World, login

pytestmark = pytest.mark.django_db(transaction=True)

STALLED = "tests.notifications.test_sms_worker.StalledGateway"
FAILING = "tests.notifications.test_sms_worker.FailingGateway"


class StalledGateway(BaseSmsBackend):
    """A gateway that hangs until released (as a provider timing out after 10 s would)."""

    entered: ClassVar[threading.Event] = threading.Event()
    release: ClassVar[threading.Event] = threading.Event()
    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, message: str) -> None:
        type(self).entered.set()
        if not type(self).release.wait(timeout=5):
            raise SmsDeliveryError("gateway stalled")
        type(self).sent.append((phone, message))


class FailingGateway(BaseSmsBackend):
    def send(self, phone: str, message: str) -> None:
        raise SmsDeliveryError("gateway down")


@pytest.fixture
def stalled(settings):
    settings.SMS_BACKEND = STALLED
    StalledGateway.entered.clear()
    StalledGateway.release.clear()
    StalledGateway.sent.clear()
    yield StalledGateway
    StalledGateway.release.set()


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_a_reply_page_does_not_wait_for_a_stalled_gateway(world: World, stalled):
    from django.test import Client

    question = make_question(world.seafarer)
    client = login(Client(), world.clinician)

    response = client.post(
        f"/inquiries/staff/{question.pk}/reply/",
        {"kind": "answer", "body": "请多休息,按时吃饭。", "idempotency_key": "k1"},
    )

    assert response.status_code == 302
    assert not stalled.entered.is_set()  # the request never touched the gateway
    notification = Notification.objects.get(user=world.seafarer)
    assert notification.sms_status == "pending"
    assert DBTaskResult.objects.filter(
        task_path="seafarers_home.notifications.sms_outbox.send_notification_sms",
        status="READY",
    ).exists()

    stalled.release.set()
    run_worker()

    notification.refresh_from_db()
    assert (notification.sms_status, notification.sms_attempts) == ("sent", 1)
    assert notification.sms_sent_at is not None
    assert stalled.sent == [(world.seafarer.phone, "海员之家:您的在线咨询有新回复。")]


def test_a_crisis_alert_does_not_wait_for_a_stalled_gateway(world: World, stalled):
    now = timezone.now()
    DutyShift.objects.create(
        user=world.clinician,
        tier=1,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=1),
    )
    with transaction.atomic():
        alert = do_raise_crisis_alert(
            world.seafarer, source="screening", source_id="1", reason="phq9_item9"
        )

    assert not stalled.entered.is_set()
    rows = AlertNotification.objects.filter(alert=alert)
    assert list(rows.values_list("channel", flat=True)) == ["websocket"]

    stalled.release.set()
    run_worker()

    assert [phone for phone, _text in stalled.sent] == [world.clinician.phone]
    assert rows.filter(channel="sms", recipient=world.clinician, tier=1).count() == 1


def test_a_failing_gateway_is_retried_by_the_periodic_job_then_given_up(
    world: World, settings, outbox
):
    settings.SMS_BACKEND = FAILING
    with transaction.atomic():
        notification = do_send_notification(
            world.seafarer, kind="x", message="您有新消息。", url="/notifications/"
        )
    notification.refresh_from_db()
    assert (notification.sms_status, notification.sms_attempts) == ("pending", 1)

    # Within the minute after a try the job leaves it; then it tries again, up to the limit.
    assert retry_unsent() == 0
    later = timezone.now()
    for attempt in range(2, MAX_ATTEMPTS + 1):
        later += timedelta(minutes=2)
        assert retry_unsent(later) == 0
        notification.refresh_from_db()
        assert notification.sms_attempts == attempt
    assert notification.sms_status == "failed"
    assert retry_unsent(later + timedelta(minutes=5)) == 0

    # A row the gateway refused once goes out when it is back.
    with transaction.atomic():
        second = do_send_notification(
            world.seafarer, kind="x", message="第二条消息。", url="/notifications/"
        )
    settings.SMS_BACKEND = "seafarers_home.accounts.sms.LocmemSmsBackend"
    assert retry_unsent(timezone.now() + timedelta(minutes=2)) == 1
    second.refresh_from_db()
    assert (second.sms_status, second.sms_attempts) == ("sent", 2)
    assert outbox == [(world.seafarer.phone, "海员之家:第二条消息。")]


def test_the_worker_and_the_retry_job_send_a_message_once(world: World, settings, outbox):
    settings.SMS_TASKS_BACKEND = "default"  # a queued task the worker has not run yet
    with transaction.atomic():
        notification = do_send_notification(
            world.seafarer, kind="x", message="只发一次。", url="/notifications/"
        )
    Notification.objects.filter(pk=notification.pk).update(
        updated_at=timezone.now() - timedelta(minutes=5)
    )
    assert retry_unsent() == 1  # the retry job got there first (a worker far behind)
    run_worker()  # then the task runs: nothing twice
    assert outbox == [(world.seafarer.phone, "海员之家:只发一次。")]
