"""Helpers of the sea-frame tests: a registered device, and the gateway's signed delivery
(the satellite operator's gateway is the edge: here the test client plays it)."""

from __future__ import annotations

import base64
import json
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from seafarers_home.accounts.models import User
from seafarers_home.core.signed_webhooks import webhook_signature as signature
from seafarers_home.sea_frames.actions import do_register_device
from seafarers_home.sea_frames.models import Device

# The browser tests' Chromium and live server (tests/browser/conftest.py), for the encoder page.
from tests.browser.conftest import browser, page, site  # noqa: F401

SECRET = "test-gateway-secret"


@pytest.fixture(autouse=True)
def gateway_secret(settings: Any) -> str:
    settings.SEA_FRAMES_GATEWAY_SECRET = SECRET
    return SECRET


def signed_post(client: Client, body: bytes, content_type: str, **headers: str) -> Any:
    timestamp, nonce = str(int(time.time())), uuid.uuid4().hex
    return client.post(
        "/sea-frames/gateway/",
        body,
        content_type=content_type,
        HTTP_X_GATEWAY_TIMESTAMP=headers.get("timestamp", timestamp),
        HTTP_X_GATEWAY_NONCE=nonce,
        HTTP_X_GATEWAY_SIGNATURE=headers.get(
            "signature", signature(SECRET, headers.get("timestamp", timestamp), nonce, body)
        ),
    )


def deliver(frame: bytes, *, as_json: bool = True) -> dict[str, Any]:
    """The gateway hands one frame over; the server's JSON answer (always 200 when signed)."""
    if as_json:
        body = json.dumps({"frame": base64.b64encode(frame).decode(), "gateway": "iridium"})
        response = signed_post(Client(), body.encode(), "application/json")
    else:
        response = signed_post(Client(), frame, "application/octet-stream")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def register() -> Callable[..., tuple[Device, bytes]]:
    def make(seafarer: User, **fields: Any) -> tuple[Device, bytes]:
        fields.setdefault("name", "驾驶台电脑")
        fields.setdefault("kind", Device.Kind.BRIDGE_PC)
        registered = do_register_device(seafarer, **fields)
        assert registered.key is not None
        return registered.device, registered.key

    return make
