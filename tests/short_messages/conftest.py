"""The short-message channel's tests: the gateways' secrets, the fake at the edge (the outgoing
backend ``LocmemBackend``, run by django-tasks' immediate backend after commit) and a signed
``deliver`` that posts to a gateway's endpoint as the gateway would."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from seafarers_home.core.signed_webhooks import webhook_signature
from seafarers_home.short_messages.models import Terminal
from seafarers_home.short_messages.senders import LocmemBackend
from tests.personas import World

SECRETS = {"sms": "sms-secret", "beidou": "beidou-secret", "iridium": "iridium-secret"}
BEIDOU_CARD = "2104567"
MOBILE = "13912345678"
IMEI = "300234010753376"  # its last digit is the Luhn check digit


@pytest.fixture
def sent(settings: Any, outbox: list) -> Iterator[list[tuple[str, str, str]]]:
    """(gateway, address, text) of every short message sent, in order."""
    settings.SHORT_MESSAGE_GATEWAYS = {
        name: {
            "secret": secret,
            "backend": "seafarers_home.short_messages.senders.LocmemBackend",
            "url": "",
            "token": "",
        }
        for name, secret in SECRETS.items()
    }
    LocmemBackend.outbox.clear()
    yield LocmemBackend.outbox
    LocmemBackend.outbox.clear()


Deliver = Callable[..., Any]


@pytest.fixture
def committed(django_capture_on_commit_callbacks: Any) -> Callable[[], Any]:
    """``with committed():`` runs what the block registered for after commit (the test's own
    transaction never commits): the worker's task that sends, the alert's pages."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def deliver(sent: list, committed: Callable[[], Any]) -> Deliver:
    def post(
        gateway: str,
        payload: dict[str, Any] | bytes,
        *,
        secret: str | None = None,
        nonce: str | None = None,
        timestamp: int | None = None,
    ) -> Any:
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        ts = str(timestamp if timestamp is not None else int(time.time()))
        nonce = nonce or uuid.uuid4().hex
        signature = webhook_signature(
            SECRETS[gateway] if secret is None else secret, ts, nonce, raw
        )
        with committed():
            return Client().post(
                f"/short-messages/gateway/{gateway}/",
                raw,
                content_type="application/json",
                HTTP_X_SHORT_MESSAGE_TIMESTAMP=ts,
                HTTP_X_SHORT_MESSAGE_NONCE=nonce,
                HTTP_X_SHORT_MESSAGE_SIGNATURE=signature,
            )

    return post


def beidou(text: str, message_id: str | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "message_id": message_id or uuid.uuid4().hex,
        "from": BEIDOU_CARD,
        "text": text,
        **extra,
    }


@pytest.fixture
def bound(world: World) -> Terminal:
    """The consented seafarer's BeiDou terminal, bound (the binding itself: test_binding.py)."""
    return Terminal.objects.create(
        seafarer=world.consented_seafarer,
        gateway="beidou",
        address=BEIDOU_CARD,
        status=Terminal.Status.BOUND,
    )


def texts_to(sent: list[tuple[str, str, str]], address: str) -> list[str]:
    return [text for _gateway, to, text in sent if to == address]
