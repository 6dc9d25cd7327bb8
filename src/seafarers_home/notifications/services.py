"""Sending a notification: one inbox row, a live event on the user's socket, and an SMS.

The text is rendered here, in the recipient's language (``translation.override`` with their
``preferred_language``), not in the language of whoever or whatever caused it: callers pass a
lazy message (``gettext_lazy``) and its ``params``; a datetime among the params is printed in
the recipient's time zone, with Beijing time beside when it differs (lib/zones.py). Rendering
at send time, not on read, keeps the SMS and the inbox row the same words and the row a plain
string (export, admin). Every notification links to what it is about (``url`` is required),
and its words suit a reader who is already signed in (no "please sign in").

Call inside the caller's transaction: the row commits with whatever caused it, and the live
event goes out only after commit. The SMS is never sent here: the row is marked pending and a
task of the worker sends it (notifications/sms_outbox.py, retried by a periodic job), so a slow
or failing gateway cannot slow the page that caused the notification. With a ``dedupe_key``
the same notification is stored and sent once however often it is asked for (a reminder task
retried, two workers racing).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise

from seafarers_home.accounts.models import User
from seafarers_home.lib import sql_reads
from seafarers_home.lib.zones import format_time
from seafarers_home.notifications.consumers import user_group
from seafarers_home.notifications.models import Notification

logger = logging.getLogger("seafarers_home.notifications")


def _param(value: Any, user: User) -> Any:
    if isinstance(value, datetime):
        return format_time(value, user.time_zone)
    if isinstance(value, Promise):
        return str(value)
    return value


def render_message(user: User, message: str | Promise, params: dict[str, Any] | None) -> str:
    """``message`` (lazy) % ``params`` in ``user``'s language and time zone."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        text = str(message)
        if params:
            text = text % {key: _param(value, user) for key, value in params.items()}
        return text


def _send_live(notification: Notification) -> None:
    layer = get_channel_layer()
    if layer is not None:
        try:
            async_to_sync(layer.group_send)(
                user_group(notification.user_id),
                {"type": "notify", "payload": {"kind": notification.kind}},
            )
        except Exception:  # the inbox row and the SMS still carry it
            logger.exception("live delivery of notification %s failed", notification.pk)


def unread_count(user: User) -> int:
    # Every signed-in page shows it: SQL written once (lib/sql_reads.py), not the ORM's.
    return sql_reads.value(
        f"SELECT COUNT(*) FROM {sql_reads.table(Notification)}"  # noqa: S608 - model names
        f" WHERE {sql_reads.column(Notification, 'user')} = %s"
        f" AND {sql_reads.column(Notification, 'read_at')} IS NULL",
        [user.pk],
    )
