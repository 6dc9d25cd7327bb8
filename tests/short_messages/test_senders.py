"""The outgoing side (issue 14 item 3): the HTTP backend posts what the relay needs, a gateway
that fails leaves the message pending for the one retry job, and a seafarer's short-message data
is exported and erased with the rest of their personal data."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from seafarers_home.consent.personal_data import get_personal_data_type
from seafarers_home.short_messages.encoding import decode
from seafarers_home.short_messages.models import InboundMessage, OutboundMessage, Terminal
from seafarers_home.short_messages.senders import (
    DeliveryError,
    HttpBackend,
    retry_unsent,
    send_pending,
    store_outbound,
)
from tests.short_messages.conftest import BEIDOU_CARD, beidou


@pytest.fixture
def relay():
    received: list[tuple[dict, dict]] = []
    answers = [200]

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((dict(self.headers), json.loads(body)))
            self.send_response(answers[0])
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send", received, answers
    server.shutdown()


def test_the_http_backend_posts_the_text_and_its_beidou_encoding(settings, relay):
    url, received, answers = relay
    settings.SHORT_MESSAGE_GATEWAYS = {
        "beidou": {"secret": "", "backend": "", "url": url, "token": "relay-token"}
    }
    HttpBackend("beidou").send("sh-1", BEIDOU_CARD, "平安打卡已收到,谢谢。")
    headers, body = received[0]
    assert headers["Authorization"] == "Bearer relay-token"
    assert (body["id"], body["to"], body["form"]) == ("sh-1", BEIDOU_CARD, "hanzi")
    # The hanzi form sends ASCII punctuation as its full-width GB2312 form.
    assert decode(body["form"], bytes.fromhex(body["data"])) == "平安打卡已收到，谢谢。"
    answers[0] = 503
    with pytest.raises(DeliveryError):
        HttpBackend("beidou").send("sh-2", BEIDOU_CARD, "x")


def test_a_failed_send_stays_pending_for_the_retry_job(world, settings, relay, committed):
    url, received, answers = relay
    settings.SHORT_MESSAGE_GATEWAYS = {
        "beidou": {
            "secret": "",
            "backend": "seafarers_home.short_messages.senders.HttpBackend",
            "url": url,
            "token": "t",
        }
    }
    answers[0] = 500
    [message] = store_outbound("beidou", BEIDOU_CARD, "平安", kind="reply", dedupe_key="r:1")
    assert send_pending([message.pk]) == 0
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 1)
    # Stored once per key: a second store of the same reply adds nothing.
    assert store_outbound("beidou", BEIDOU_CARD, "平安", kind="reply", dedupe_key="r:1") == []
    answers[0] = 200
    OutboundMessage.objects.update(updated_at=message.updated_at.replace(year=2020))
    assert retry_unsent() == 1
    message.refresh_from_db()
    assert message.status == "sent" and message.sent_at is not None
    assert len(received) == 2


def test_the_seafarers_short_messages_are_exported_and_erased(world, bound, deliver, sent):
    deliver("beidou", beidou("平安", latitude=10, longitude=20))
    data_type = get_personal_data_type("short_messages")
    exported = data_type.export(world.consented_seafarer)
    assert exported["terminals"][0]["address"] == BEIDOU_CARD
    assert exported["received"][0]["position"] == [10.0, 20.0]
    assert "平安打卡已收到" in exported["sent"][0]["text"]
    data_type.erase(world.consented_seafarer)
    assert not Terminal.objects.exists()
    assert not InboundMessage.objects.filter(seafarer=world.consented_seafarer).exists()
    assert not OutboundMessage.objects.filter(seafarer=world.consented_seafarer).exists()
