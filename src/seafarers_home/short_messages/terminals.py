"""The three kinds of terminal a seafarer may bind, one per gateway, and how their addresses
are written: what a person types in the binding form and what a gateway posts are normalised
the same way, so that one terminal has one address.

- ``sms``: a mainland mobile number, 11 digits (``+86`` / ``0086`` and separators dropped);
- ``beidou``: a BeiDou short-message card number (北斗卡号 / 用户ID), 5-12 digits;
- ``iridium``: the 15-digit IMEI of an Iridium SBD modem, checked with its Luhn digit.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext_lazy

GATEWAYS = ("sms", "beidou", "iridium")
LABELS = {
    "sms": gettext_lazy("手机号码(短信)"),
    "beidou": gettext_lazy("北斗卡号(北斗短报文)"),
    "iridium": gettext_lazy("铱星 IMEI(铱星短数据)"),
}
ERRORS = {
    "sms": gettext_lazy("请输入11位中国大陆手机号码,例如 13800000000。"),
    "beidou": gettext_lazy("北斗卡号是5到12位数字。"),
    "iridium": gettext_lazy("铱星 IMEI 是15位数字,请对照设备标签核对。"),
}
_SEPARATORS = re.compile(r"[\s\-()+.]")
_MOBILE = re.compile(r"\A1[3-9][0-9]{9}\Z")
_BEIDOU = re.compile(r"\A[0-9]{5,12}\Z")
_IMEI = re.compile(r"\A[0-9]{15}\Z")


def luhn_ok(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value *= 2
            value = value - 9 if value > 9 else value
        total += value
    return total % 10 == 0


def normalise_address(gateway: str, raw: str) -> str | None:
    """The terminal's address, or None when ``raw`` is not one for ``gateway``."""
    value = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(raw or "")))
    if gateway == "sms":
        for prefix in ("0086", "86"):
            if value.startswith(prefix) and len(value) == 11 + len(prefix):
                value = value[len(prefix) :]
        return value if _MOBILE.match(value) else None
    if gateway == "beidou":
        return value if _BEIDOU.match(value) else None
    if gateway == "iridium":
        return value if _IMEI.match(value) and luhn_ok(value) else None
    return None


def masked(address: str) -> str:
    """The address as pages and logs show it: the last four digits."""
    return "…" + address[-4:]
