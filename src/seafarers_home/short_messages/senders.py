"""Sending short messages: a pluggable backend per gateway, and the task worker that sends.

Backends, one per gateway, named by ``SHORT_MESSAGE_BACKENDS`` (``SHORT_MESSAGE_<GATEWAY>_BACKEND``
in the environment), like ``accounts/sms.py``'s:

- ``ConsoleBackend`` (the default) writes the message to the ``seafarers_home.short_messages``
  log;
- ``LocmemBackend`` keeps ``(gateway, address, text)`` in ``LocmemBackend.outbox`` — the fake
  at the edge, for tests;
- ``HttpBackend`` POSTs JSON ``{"id", "to", "text", "form", "data"}`` to
  ``SHORT_MESSAGE_<GATEWAY>_URL`` with ``Authorization: Bearer SHORT_MESSAGE_<GATEWAY>_TOKEN``:
  a relay beside the provider (the SMS platform, the BeiDou command centre's interface, Iridium's
  SBD gateway) turns it into the provider's own call. ``form`` and ``data`` (hex) are the BeiDou
  encoding of ``encoding.py``, for a relay that sends the bits as they are.

The row is stored pending in the caller's transaction; after commit ``queue_outbound`` hands its
id to the worker (``SMS_TASKS_BACKEND``, as notification SMS go). The task claims each row with a
conditional UPDATE (pending → sending), sends, marks it sent; a failure goes back to pending and
the periodic job ``short_messages.retry`` (periodic_jobs.py) tries again, at most MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

from seafarers_home.accounts.models import User
from seafarers_home.lib.http_relay import RelayError, post_json
from seafarers_home.short_messages.encoding import encode, message_bits, split_reply
from seafarers_home.short_messages.models import OutboundMessage

logger = logging.getLogger("seafarers_home.short_messages")

Status = OutboundMessage.Status
MAX_ATTEMPTS = 5
RETRY_AFTER = timedelta(minutes=2)
STUCK_AFTER = timedelta(minutes=10)
RETRY_BATCH = 200


class DeliveryError(Exception):
    """The gateway did not take the message."""


class BaseBackend:
    def __init__(self, gateway: str) -> None:
        self.gateway = gateway

    def send(self, message_id: str, address: str, text: str) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message_id: str, address: str, text: str) -> None:
        logger.info("%s to %s: %s", self.gateway, address, text)


class LocmemBackend(BaseBackend):
    outbox: ClassVar[list[tuple[str, str, str]]] = []

    def send(self, message_id: str, address: str, text: str) -> None:
        type(self).outbox.append((self.gateway, address, text))


class HttpBackend(BaseBackend):
    timeout_seconds = 15

    def __init__(self, gateway: str) -> None:
        super().__init__(gateway)
        config = settings.SHORT_MESSAGE_GATEWAYS[gateway]
        self.url, self.token = config["url"], config["token"]
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured(f"SHORT_MESSAGE_{gateway.upper()}_URL must be http(s)")

    def send(self, message_id: str, address: str, text: str) -> None:
        form, data = encode(text)
        document = {"id": message_id, "to": address, "text": text, "form": form, "data": data.hex()}
        try:
            post_json(self.url, self.token, document, timeout=self.timeout_seconds)
        except RelayError as exc:
            raise DeliveryError(f"{self.gateway} gateway {exc}") from exc


def get_backend(gateway: str) -> BaseBackend:
    return import_string(settings.SHORT_MESSAGE_GATEWAYS[gateway]["backend"])(gateway)


def store_outbound(
    gateway: str,
    address: str,
    text: str,
    *,
    kind: str,
    dedupe_key: str,
    seafarer: User | None = None,
) -> list[OutboundMessage]:
    """Store ``text`` (cut into numbered parts when it does not fit one message) to go out
    after the caller's commit. Once per ``dedupe_key``: a second call stores nothing."""
    stored = []
    for number, part in enumerate(split_reply(text), 1):
        key = f"{dedupe_key}:{number}"[:120]
        try:
            with transaction.atomic():
                stored.append(
                    OutboundMessage.objects.create(
                        gateway=gateway,
                        address=address,
                        seafarer=seafarer,
                        kind=kind,
                        text=part,
                        bits=message_bits(part),
                        dedupe_key=key,
                    )
                )
        except IntegrityError:
            continue  # sent (or pending) already
    queue_outbound(message.pk for message in stored)
    return stored


def queue_outbound(ids: Iterable[int]) -> None:
    pending = sorted(ids)
    if not pending:
        return

    def enqueue() -> None:
        send_short_messages.using(backend=settings.SMS_TASKS_BACKEND).enqueue(pending)

    transaction.on_commit(enqueue, robust=True)


def _claim(pk: int, now: datetime) -> bool:
    return (
        OutboundMessage.objects.filter(pk=pk, status=Status.PENDING).update(
            status=Status.SENDING, attempts=F("attempts") + 1, updated_at=now
        )
        == 1
    )


def send_pending(ids: Iterable[int]) -> int:
    """Send the rows among ``ids`` still pending; returns how many went out."""
    sent = 0
    backends: dict[str, BaseBackend] = {}
    for pk in ids:
        if not _claim(pk, timezone.now()):
            continue
        message = OutboundMessage.objects.get(pk=pk)
        try:
            backend = backends.get(message.gateway) or get_backend(message.gateway)
            backends[message.gateway] = backend
            backend.send(f"sh-{message.pk}", message.address, message.text)
        except Exception:
            logger.exception("short message %s failed", pk)
            failed = message.attempts >= MAX_ATTEMPTS
            OutboundMessage.objects.filter(pk=pk).update(
                status=Status.FAILED if failed else Status.PENDING, updated_at=timezone.now()
            )
            continue
        now = timezone.now()
        OutboundMessage.objects.filter(pk=pk).update(
            status=Status.SENT, sent_at=now, updated_at=now
        )
        sent += 1
    return sent


@task()
def send_short_messages(ids: list[int]) -> int:
    return send_pending(ids)


def retry_unsent(now: datetime | None = None) -> int:
    now = now or timezone.now()
    OutboundMessage.objects.filter(status=Status.SENDING, updated_at__lte=now - STUCK_AFTER).update(
        status=Status.PENDING, updated_at=now - RETRY_AFTER
    )
    due = OutboundMessage.objects.filter(
        status=Status.PENDING, updated_at__lte=now - RETRY_AFTER
    ).order_by("updated_at", "pk")
    return send_pending(list(due.values_list("pk", flat=True)[:RETRY_BATCH]))
