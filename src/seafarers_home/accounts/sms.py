"""Pluggable SMS delivery, chosen by ``settings.SMS_BACKEND`` (like Django's email backends).

- ``ConsoleSmsBackend`` (the default) writes the message to the ``seafarers_home.sms`` log, so
  a developer reads the code from the console.
- ``LocmemSmsBackend`` keeps messages in ``LocmemSmsBackend.outbox`` for tests.
- ``HttpGatewaySmsBackend`` is the hook for a real provider: it POSTs JSON
  ``{"phone", "sign", "message"}`` to ``SMS_GATEWAY_URL`` with
  ``Authorization: Bearer <SMS_GATEWAY_TOKEN>``. A small relay in front of the provider's own
  API (Aliyun, Tencent Cloud …) keeps provider credentials and templates out of this app.

Messages carry sign-in codes and notices only, never health details.
"""

from __future__ import annotations

import logging
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from seafarers_home.lib.http_relay import RelayError, post_json

logger = logging.getLogger("seafarers_home.sms")


class SmsDeliveryError(Exception):
    """The gateway did not accept the message."""


class BaseSmsBackend:
    def send(self, phone: str, message: str) -> None:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    def send(self, phone: str, message: str) -> None:
        logger.info("SMS to %s: %s", phone, message)


class LocmemSmsBackend(BaseSmsBackend):
    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, message: str) -> None:
        type(self).outbox.append((phone, message))


class HttpGatewaySmsBackend(BaseSmsBackend):
    timeout_seconds = 10

    def __init__(self) -> None:
        self.url = settings.SMS_GATEWAY_URL
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http(s) URL")
        self.token = settings.SMS_GATEWAY_TOKEN

    def send(self, phone: str, message: str) -> None:
        document = {"phone": phone, "sign": settings.SMS_SIGN_NAME, "message": message}
        try:
            post_json(self.url, self.token, document, timeout=self.timeout_seconds)
        except RelayError as exc:
            raise SmsDeliveryError(f"SMS gateway {exc}") from exc


def get_sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()
