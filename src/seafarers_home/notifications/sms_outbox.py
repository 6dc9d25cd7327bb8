"""The SMS of notifications, sent by the task worker, never inside a web request.

``do_send_notification`` (and the bulk sender) store the row with ``sms_status="pending"``
in the caller's transaction and, after commit, ``queue_sms`` enqueues one
``send_notification_sms`` task; the page answers at once, whatever the gateway does. The
task claims each row with a conditional UPDATE (pending → sending), sends, and marks it sent;
a failed send goes back to pending. Retries live in one place, the periodic job
``notifications.retry_sms`` (notifications/periodic_jobs.py): every minute it sends the rows
still pending a minute after their last try (a lost task, a gateway that failed) and those
stuck in "sending" (a worker killed mid-send), up to MAX_ATTEMPTS tries, then "failed". The
claim makes a task and the retry job racing send a message once.

The task runs on the backend named by ``SMS_TASKS_BACKEND`` (the database backend, i.e. the
worker); tests that read the fake outbox right after a request run it with django-tasks'
immediate backend (tests/conftest.py, ``outbox``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django_tasks import task

from seafarers_home.accounts.sms import get_sms_backend
from seafarers_home.notifications.models import Notification

logger = logging.getLogger("seafarers_home.notifications")

Status = Notification.SmsStatus
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=1)
STUCK_AFTER = timedelta(minutes=10)
RETRY_BATCH = 200
SMS_PREFIX = gettext_noop("海员之家:")  # translated for the recipient in sms_text


def sms_text(notification: Notification) -> str:
    with translation.override(notification.user.preferred_language or settings.LANGUAGE_CODE):
        return gettext(SMS_PREFIX) + notification.message


def queue_sms(ids: Iterable[int]) -> None:
    """After the caller's commit, hand the rows' SMS to the worker (one task for them all)."""
    pending = sorted(ids)
    if not pending:
        return

    def enqueue() -> None:
        send_notification_sms.using(backend=settings.SMS_TASKS_BACKEND).enqueue(pending)

    transaction.on_commit(enqueue, robust=True)


def _claim(pk: int, now: datetime) -> bool:
    return (
        Notification.objects.filter(pk=pk, sms_status=Status.PENDING).update(
            sms_status=Status.SENDING, sms_attempts=F("sms_attempts") + 1, updated_at=now
        )
        == 1
    )


def send_pending(ids: Iterable[int]) -> int:
    """Send the SMS of these rows that are still pending; returns how many went out."""
    backend = get_sms_backend()
    sent = 0
    for pk in ids:
        if not _claim(pk, timezone.now()):
            continue  # sent already, or another sender has it
        notification = Notification.objects.select_related("user").get(pk=pk)
        try:
            backend.send(notification.user.phone, sms_text(notification))
        except Exception:
            logger.exception("SMS for notification %s failed", pk)
            failed = notification.sms_attempts >= MAX_ATTEMPTS
            Notification.objects.filter(pk=pk).update(
                sms_status=Status.FAILED if failed else Status.PENDING, updated_at=timezone.now()
            )
            continue
        now = timezone.now()
        Notification.objects.filter(pk=pk).update(
            sms_status=Status.SENT, sms_sent_at=now, updated_at=now
        )
        sent += 1
    return sent


@task()
def send_notification_sms(ids: list[int]) -> int:
    return send_pending(ids)


def retry_unsent(now: datetime | None = None) -> int:
    """What the task did not manage: pending a minute after the last try, or stuck sending."""
    now = now or timezone.now()
    Notification.objects.filter(
        sms_status=Status.SENDING, updated_at__lte=now - STUCK_AFTER
    ).update(sms_status=Status.PENDING, updated_at=now - RETRY_AFTER)
    due = Notification.objects.filter(
        Q(sms_status=Status.PENDING, updated_at__lte=now - RETRY_AFTER)
    ).order_by("updated_at", "pk")
    return send_pending(list(due.values_list("pk", flat=True)[:RETRY_BATCH]))
