"""The inbox's writes: ``do_send_notification`` (one row, a live event, an SMS without health
details, de-duplicated by key, rendered at send time in the recipient's language and zone) and
marking notifications read. Rendering and the live push stay in services.py."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise

from seafarers_home.accounts.models import User
from seafarers_home.notifications.models import Notification
from seafarers_home.notifications.services import _send_live, render_message
from seafarers_home.notifications.sms_outbox import queue_sms


def do_send_notification(
    user: User,
    *,
    kind: str,
    message: str | Promise,
    url: str,
    params: dict[str, Any] | None = None,
    dedupe_key: str = "",
    sms: bool = True,
) -> Notification | None:
    """Store and send one notification. ``message`` must carry no health details. Returns
    None when a notification with this ``dedupe_key`` was already sent to this user."""
    if not url:
        raise ValueError("a notification links to the object it is about")
    key = dedupe_key[:120]
    if key and Notification.objects.filter(user=user, dedupe_key=key).exists():
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                message=render_message(user, message, params)[:200],
                url=url,
                dedupe_key=key,
                sms_status=Notification.SmsStatus.PENDING if sms else "",
            )
    except IntegrityError:  # a concurrent sender stored it first
        return None
    transaction.on_commit(lambda: _send_live(notification), robust=True)
    if sms:
        queue_sms([notification.pk])
    return notification


def do_mark_notifications_read(user: User, ids: list[int] | None = None) -> int:
    """Mark some (or all) of the user's unread notifications read; returns how many."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
