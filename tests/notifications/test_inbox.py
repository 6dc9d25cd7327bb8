"""The in-app inbox: rows from do_send_notification, SMS without health details, dedupe."""

from __future__ import annotations

import pytest
from django.db import transaction

from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.notifications.models import Notification
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_stores_and_texts_a_notification_once_per_dedupe_key(world: World, outbox) -> None:
    for _ in range(3):
        with transaction.atomic():
            do_send_notification(
                world.seafarer,
                kind="inquiry.reply",
                message="您的在线咨询有新回复。",
                url="/inquiries/",
                dedupe_key="reply-1",
            )
    assert Notification.objects.filter(user=world.seafarer).count() == 1
    assert outbox == [(world.seafarer.phone, "海员之家:您的在线咨询有新回复。")]
    assert Notification.objects.get(user=world.seafarer).sms_sent_at is not None


def test_it_sends_nothing_when_the_transaction_rolls_back(world: World, outbox) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        do_send_notification(world.seafarer, kind="x", message="有新消息", url="/")
        raise RuntimeError
    assert not Notification.objects.exists()
    assert outbox == []


def test_it_lists_only_my_notifications_and_counts_unread(world: World, client_for) -> None:
    do_send_notification(world.seafarer, kind="x", message="给王海的通知", url="/", sms=False)
    do_send_notification(world.seafarer_b, kind="x", message="给李强的通知", url="/", sms=False)
    client = client_for("seafarer")
    page = client.get("/notifications/").content.decode()
    assert "给王海的通知" in page
    assert "给李强的通知" not in page
    assert "通知 (1)" in client.get("/").content.decode()

    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=world.seafarer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=world.seafarer_b, read_at__isnull=True).exists()
    assert "通知 (1)" not in client.get("/").content.decode()
