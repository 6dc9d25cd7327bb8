"""The real-provider hook against a real HTTP server on localhost."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from seafarers_home.accounts.sms import SmsDeliveryError, get_sms_backend


class Gateway(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        type(self).received.append(
            {
                "auth": self.headers["Authorization"],
                "type": self.headers["Content-Type"],
                "body": json.loads(self.rfile.read(length)),
            }
        )
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gateway(settings) -> Iterator[type[Gateway]]:
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Gateway.received = []
    Gateway.status = 200
    settings.SMS_BACKEND = "seafarers_home.accounts.sms.HttpGatewaySmsBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_TOKEN = "gateway-secret"
    settings.SMS_SIGN_NAME = "海员之家"
    yield Gateway
    server.shutdown()
    server.server_close()


def test_the_http_gateway_posts_json_with_a_bearer_token(gateway) -> None:
    get_sms_backend().send("13800000001", "验证码 123456")
    assert gateway.received == [
        {
            "auth": "Bearer gateway-secret",
            "type": "application/json; charset=utf-8",
            "body": {"phone": "13800000001", "sign": "海员之家", "message": "验证码 123456"},
        }
    ]


def test_the_http_gateway_reports_a_refusal(gateway) -> None:
    gateway.status = 503
    with pytest.raises(SmsDeliveryError):
        get_sms_backend().send("13800000001", "x")


def test_the_console_backend_logs_the_message(settings, caplog) -> None:
    settings.SMS_BACKEND = "seafarers_home.accounts.sms.ConsoleSmsBackend"
    with caplog.at_level(logging.INFO, logger="seafarers_home.sms"):
        get_sms_backend().send("13800000001", "验证码 654321")
    assert "654321" in caplog.text


def test_a_failing_gateway_does_not_break_the_sign_in_page(gateway, world, caplog) -> None:
    from django.test import Client

    gateway.status = 503
    response = Client().post("/accounts/login/sms/", {"phone": world.seafarer.phone})
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    assert len(gateway.received) == 1
    assert "could not be delivered" in caplog.text
