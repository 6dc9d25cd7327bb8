"""The Content-Security-Policy header (core/csp.py) as a browser receives it; the pages passing
it in Chromium are tested in tests/browser/test_csp.py."""

from __future__ import annotations

import base64
import hashlib
import re

from django.test import Client


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_every_answer_carries_the_policy(db):
    for path, status in (("/", 200), ("/help/", 200), ("/healthz", 200), ("/nope/", 404)):
        response = Client().get(path)
        assert response.status_code == status, path
        policy = directives(response)
        assert policy["default-src"] == ["'self'"], path
        assert policy["script-src"] == ["'self'"], path  # no inline script, no eval
        assert policy["frame-ancestors"] == ["'none'"], path
        assert policy["object-src"] == ["'none'"], path
        assert policy["connect-src"][:2] == ["'self'", "ws://testserver"], path


def test_connect_src_follows_the_websocket_scheme_and_the_call_servers(db, settings):
    settings.TURN_URLS = [
        "turn:turn.example.cn:3478?transport=udp",
        "turns:turn.example.cn:5349?transport=tcp",
    ]
    settings.TURN_SECRET = "s"
    settings.STUN_URLS = ["stun:stun.example.cn:3478"]
    settings.CSP_CONNECT_SRC = ["https://sms-status.example.cn"]
    connect = directives(Client().get("/", secure=True))["connect-src"]
    assert connect == [
        "'self'",
        "wss://testserver",
        "stun.example.cn:3478",
        "turn.example.cn:3478",
        "turn.example.cn:5349",
        "https://sms-status.example.cn",
    ]


def test_the_error_pages_inline_style_is_allowed_by_its_hash_and_nothing_else(db):
    response = Client().get("/nope/")
    styles = re.findall(r"<style>(.*?)</style>", response.content.decode(), re.S)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    assert directives(response)["style-src"] == ["'self'", f"'sha256-{digest}'"]
    assert "<script" not in response.content.decode()


def test_a_page_can_be_framed_by_nobody(db):
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
