"""Sending many notifications at once (issue 20 item 5): the same rows, texts and SMS as
``services.do_send_notification`` called once per item, in a fixed number of queries.

A city's first care run sends tens of thousands of reminders; one by one each cost an
existence check, a savepoint, an INSERT, and after commit a thread for the live event and an
UPDATE of ``sms_sent_at``. Here a batch costs one SELECT of the keys already sent, one
INSERT (``core.bulk_insert``: COPY and ids from the sequence on PostgreSQL,
``bulk_create`` elsewhere), and
after commit one event loop for every live event and one task that sends the SMS
(notifications/sms_outbox.py).

Rules kept from the one-by-one sender: the text is rendered in the recipient's language and
time zone; a ``dedupe_key`` already stored for that user is skipped (and a second item with
the same user and key in one call is too: the first wins, as it would one by one); should a
concurrent sender store one of the keys between the check and the INSERT, the batch falls
back to the one-by-one sender, which skips exactly that one.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction
from django.utils.functional import Promise

from seafarers_home.accounts.models import User
from seafarers_home.core.bulk_insert import bulk_insert
from seafarers_home.notifications.consumers import user_group
from seafarers_home.notifications.models import Notification
from seafarers_home.notifications.services import render_message
from seafarers_home.notifications.sms_outbox import queue_sms

logger = logging.getLogger("seafarers_home.notifications")

BATCH = 500


@dataclass(frozen=True)
class Outgoing:
    """One notification to send; the arguments of ``do_send_notification``."""

    user: User
    kind: str
    message: str | Promise
    url: str
    params: dict[str, Any] | None = field(default=None, hash=False)
    dedupe_key: str = ""
    sms: bool = True


def do_send_notifications(items: Iterable[Outgoing]) -> list[Notification]:
    """Store many notifications in the caller's transaction; live events and SMS go out
    after commit. Returns the notifications stored (items already sent are skipped)."""
    items = list(items)
    stored: list[tuple[Notification, Outgoing]] = []
    for start in range(0, len(items), BATCH):
        stored.extend(_store(items[start : start + BATCH]))
    if stored:
        notifications = [n for n, _item in stored]
        transaction.on_commit(lambda: _deliver_many(notifications), robust=True)
        queue_sms(n.pk for n, item in stored if item.sms)
    return [n for n, _item in stored]


def _store(items: list[Outgoing]) -> list[tuple[Notification, Outgoing]]:
    for item in items:
        if not item.url:
            raise ValueError("a notification links to the object it is about")
    keyed = [(item.user.pk, item.dedupe_key[:120]) for item in items if item.dedupe_key]
    sent: set[tuple[int, str]] = set()
    if keyed:
        found = Notification.objects.filter(
            user_id__in={user_id for user_id, _key in keyed},
            dedupe_key__in={key for _user_id, key in keyed},
        ).values_list("user_id", "dedupe_key")
        sent = set(found) & set(keyed)
    rows: list[tuple[Notification, Outgoing]] = []
    for item in items:
        key = item.dedupe_key[:120]
        if key:
            if (item.user.pk, key) in sent:
                continue
            sent.add((item.user.pk, key))
        notification = Notification(
            user=item.user,
            kind=item.kind,
            message=render_message(item.user, item.message, item.params)[:200],
            url=item.url,
            dedupe_key=key,
            sms_status=Notification.SmsStatus.PENDING if item.sms else "",
        )
        rows.append((notification, item))
    if not rows:
        return []
    try:
        with transaction.atomic():
            bulk_insert(Notification, [n for n, _item in rows], set_pks=True)
    except IntegrityError:  # a concurrent sender stored one of the keys first: one by one
        return _one_by_one([item for _n, item in rows])
    return rows


def _one_by_one(items: list[Outgoing]) -> list[tuple[Notification, Outgoing]]:
    """The fallback after a race: each item alone, not delivered here (the caller's
    after-commit delivery sends what this returns)."""
    stored: list[tuple[Notification, Outgoing]] = []
    for item in items:
        key = item.dedupe_key[:120]
        if key and Notification.objects.filter(user=item.user, dedupe_key=key).exists():
            continue
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    user=item.user,
                    kind=item.kind,
                    message=render_message(item.user, item.message, item.params)[:200],
                    url=item.url,
                    dedupe_key=key,
                    sms_status=Notification.SmsStatus.PENDING if item.sms else "",
                )
        except IntegrityError:
            continue
        stored.append((notification, item))
    return stored


async def _live_events(notifications: list[Notification]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for notification in notifications:
        try:
            await layer.group_send(
                user_group(notification.user_id),
                {"type": "notify", "payload": {"kind": notification.kind}},
            )
        except Exception:  # the inbox row and the SMS still carry it
            logger.exception("live delivery of notification %s failed", notification.pk)


def _deliver_many(notifications: list[Notification]) -> None:
    try:
        async_to_sync(_live_events)(notifications)
    except Exception:
        logger.exception("live delivery of %d notifications failed", len(notifications))
