"""Sending a notification: one inbox row, a live event on the user's socket, and an SMS.

Call inside the caller's transaction: the row commits with whatever caused it, and the live
event and SMS go out only after commit. With a ``dedupe_key`` the same notification is stored
and sent once however often it is asked for (a reminder task retried, two workers racing).
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.accounts.sms import get_sms_backend
from seafarers_home.core.consumers import user_group
from seafarers_home.notifications.models import Notification

logger = logging.getLogger("seafarers_home.notifications")

SMS_PREFIX = "海员之家:"


def _deliver(notification: Notification, sms: bool) -> None:
    layer = get_channel_layer()
    if layer is not None:
        try:
            async_to_sync(layer.group_send)(
                user_group(notification.user_id),
                {"type": "notify", "payload": {"kind": notification.kind}},
            )
        except Exception:  # the inbox row and the SMS still carry it
            logger.exception("live delivery of notification %s failed", notification.pk)
    if not sms:
        return
    try:
        get_sms_backend().send(notification.user.phone, SMS_PREFIX + notification.message)
    except Exception:
        logger.exception("SMS for notification %s failed", notification.pk)
        return
    Notification.objects.filter(pk=notification.pk).update(sms_sent_at=timezone.now())


def do_send_notification(
    user: User,
    *,
    kind: str,
    message: str,
    url: str = "",
    dedupe_key: str = "",
    sms: bool = True,
) -> Notification | None:
    """Store and send one notification. ``message`` must carry no health details. Returns
    None when a notification with this ``dedupe_key`` was already sent to this user."""
    key = dedupe_key[:120]
    if key and Notification.objects.filter(user=user, dedupe_key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, kind=kind, message=str(message)[:200], url=url, dedupe_key=key
            )
    except IntegrityError:  # a concurrent sender stored it first
        return None
    transaction.on_commit(lambda: _deliver(notification, sms), robust=True)
    return notification


def do_mark_notifications_read(user: User, ids: list[int] | None = None) -> int:
    """Mark some (or all) of the user's unread notifications read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
