"""The hotline callback offered on the "I need help now" page (alerts/actions/help_now.py raises the
alert): booked like any callback and linked to the press, so the clinician sees it on the alert
and its completed call record closes the alert."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest

from seafarers_home.accounts.models import User
from seafarers_home.alerts.models import HelpRequest
from seafarers_home.hotline.actions.callbacks import do_request_callback
from seafarers_home.hotline.models import CallbackRequest


def do_request_help_callback(
    press: HelpRequest,
    seafarer: User,
    *,
    target: str,
    number: str,
    window_start: datetime,
    window_end: datetime,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> CallbackRequest:
    """Book the hotline callback from the help-now page and link it to the press (and to
    every press of the same alert). Raises ``hotline.actions.callbacks.CallbackInvalid``."""
    with transaction.atomic():
        callback = do_request_callback(
            seafarer,
            target=target,
            number=number,
            window_start=window_start,
            window_end=window_end,
            idempotency_key=idempotency_key,
            request=request,
        )
        HelpRequest.objects.filter(alert_id=press.alert_id, seafarer=seafarer).update(
            callback=callback
        )
    return callback
