"""The demo accounts of the load test and signing them in through the real forms (no Locust
import, so ``load_test.py`` can use it too). Imported by its own name, with bench/load on the
path (the locustfile, load_test.py)."""

from __future__ import annotations

import base64
import threading
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

import pyotp
from pages import TOKEN

DEMO_PASSWORD = "Demo-2026!haiyuan"  # noqa: S105 - the documented demo password (README)
SEAFARERS = ["13900000001", *(f"139000010{n:02d}" for n in range(2, 51))]
# `load_demo --extra-seafarers 250` (load_test.py prepares them): the mix's people each need an
# account of their own where two on one account would conflict (two answering one screening).
EXTRA_SEAFARERS = 250
LOAD_SEAFARERS = SEAFARERS + [f"1390000{2001 + n:04d}" for n in range(EXTRA_SEAFARERS)]
CLINICIANS = ["13900000002", "13900000008"]


def sign_in(base: str, phone: str, staff: bool) -> str:
    """One demo account through the real forms (password, then TOTP for staff); the Cookie
    header of its session."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path: str, fields: dict[str, str]) -> str:
        page = opener.open(f"{base}{path}", timeout=60).read().decode()
        token = TOKEN.search(page)
        assert token, f"no CSRF token on {path}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], **fields}).encode()
        request = urllib.request.Request(f"{base}{path}", data=data)  # noqa: S310 - our http URL
        return opener.open(request, timeout=60).read().decode()

    post("/accounts/login/", {"phone": phone, "password": DEMO_PASSWORD})
    if staff:
        # The demo staff's fixed secret (seafarers_home.demo.data.demo_totp_secret).
        secret = base64.b32encode(f"sh-demo-{phone}-".encode("ascii")).decode("ascii")
        post("/accounts/two-factor/", {"code": pyotp.TOTP(secret).now()})
    cookies = {c.name: c.value for c in jar}
    assert "sessionid" in cookies, f"{phone} could not sign in"
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def sign_everyone_in(base: str) -> dict[str, str]:
    """Every demo account of the mix, four at a time; {phone: Cookie header}."""
    sessions: dict[str, str] = {}
    accounts = [(p, False) for p in LOAD_SEAFARERS] + [(p, True) for p in CLINICIANS]
    for at in range(0, len(accounts), 4):
        threads = [
            threading.Thread(
                target=lambda p=phone, s=staff: sessions.__setitem__(p, sign_in(base, p, s))
            )
            for phone, staff in accounts[at : at + 4]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return sessions
