"""Receiving one short message from a gateway: stored once, acted on, answered.

``do_receive_short_message`` runs in one transaction: the nonce is spent, the message row
stored (once per gateway message id: a resend finds it and stores, raises and sends nothing),
the command acted on through the services' own actions (a crisis alert is raised in this very
transaction), the reply stored to go out through the worker after commit, the audit row
written. The message's words are not kept here: they live where they were handed.

From a terminal nobody has bound, only the menu, the note on binding and the crisis numbers go
back; bad input (a garbled digit string, a wrong number of answers, an unknown command, a
message over the channel's size) gets a short reply saying so, and nothing else is stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from seafarers_home.audit.services import record_audit
from seafarers_home.core.signed_webhooks import WebhookRefused, spend_nonce
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.short_messages import handlers, replies
from seafarers_home.short_messages.commands import (
    INSTRUMENT_CODES,
    CommandError,
    Kind,
    normalise,
    parse_command,
)
from seafarers_home.short_messages.gateways import MAX_TEXT, Delivery
from seafarers_home.short_messages.models import InboundMessage, Terminal
from seafarers_home.short_messages.senders import store_outbound

CODES = {code: short for short, code in INSTRUMENT_CODES.items()}


@dataclass(frozen=True)
class Received:
    message: InboundMessage | None
    duplicate: bool


def _refusal(error: CommandError, text: str) -> list[handlers.Part]:
    if error.reason == "window":
        return [(replies.WINDOW_REFUSED, {})]
    head = normalise(text)[:2]
    code = next((short for short in INSTRUMENT_CODES if head == short), "P4")
    instrument = get_instrument(INSTRUMENT_CODES[code])
    if error.reason == "count":
        # An example with the right number of answers: 0, 1, 2, 0, 1, 2 … within the options.
        top = max(instrument.items[0].values)
        example = "".join(str(min(n % 3, top)) for n in range(len(instrument.items)))
        params = {"code": code, "n": error.expected, "example": f"{code} {example}"}
        return [(replies.SCREENING_COUNT, params)]
    values = [value for item in instrument.items for value in item.values]
    return [(replies.SCREENING_DIGITS, {"code": code, "low": min(values), "high": max(values)})]


def _act(terminal: Terminal, delivery: Delivery) -> handlers.Handled:
    seafarer = terminal.seafarer
    if delivery.too_long:
        return handlers.Handled(
            "refused:too_long", [(replies.TOO_LONG, {"n": MAX_TEXT[delivery.gateway]})]
        )
    try:
        command = parse_command(delivery.text)
    except CommandError as error:
        return handlers.Handled(f"refused:{error.reason}", _refusal(error, delivery.text))
    if command.kind == Kind.HELP:
        return handlers.Handled("help", [(replies.MENU, {}), replies.crisis_numbers()])
    if command.kind == Kind.SOS:
        return handlers.handle_sos(seafarer, delivery)
    if command.kind == Kind.CALLBACK:
        return handlers.handle_callback(seafarer, delivery, command)
    if command.kind == Kind.OK:
        return handlers.handle_check_in(seafarer, delivery)
    if command.kind == Kind.SCREENING:
        return handlers.handle_screening(seafarer, delivery, command)
    return handlers.handle_question(seafarer, delivery, command)


def do_receive_short_message(delivery: Delivery, *, nonce: str) -> Received:
    """Store and act on one delivery; ``duplicate`` when it (or its nonce) was seen before."""
    now = timezone.now()
    with transaction.atomic():
        try:
            spend_nonce(f"sm.{delivery.gateway}", nonce, now)
        except WebhookRefused:
            return Received(None, duplicate=True)  # the same request again: done already
        terminal = (
            Terminal.objects.select_related("seafarer")
            .filter(
                gateway=delivery.gateway,
                address=delivery.address,
                status=Terminal.Status.BOUND,
                seafarer__is_active=True,
            )
            .first()
        )
        try:
            with transaction.atomic():
                message = InboundMessage.objects.create(
                    gateway=delivery.gateway,
                    message_id=delivery.message_id,
                    address=delivery.address,
                    terminal=terminal,
                    seafarer=terminal.seafarer if terminal else None,
                    command="",
                    outcome="",
                    size_bytes=delivery.size_bytes,
                    latitude=delivery.latitude,
                    longitude=delivery.longitude,
                )
        except IntegrityError:
            return Received(
                InboundMessage.objects.filter(
                    gateway=delivery.gateway, message_id=delivery.message_id
                ).first(),
                duplicate=True,
            )
        if terminal is None:
            handled = handlers.Handled(
                "unbound", [(replies.UNBOUND, {}), (replies.MENU, {}), replies.crisis_numbers()]
            )
            language = settings.LANGUAGE_CODE
        else:
            if delivery.latitude is not None:
                Terminal.objects.filter(pk=terminal.pk).update(
                    last_latitude=delivery.latitude,
                    last_longitude=delivery.longitude,
                    last_position_at=now,
                )
            handled = _act(terminal, delivery)
            language = terminal.seafarer.preferred_language
        message.command, message.outcome = handled.outcome.split(":")[0], handled.outcome
        for name, value in handled.links.items():
            setattr(message, name, value)
        message.save()
        store_outbound(
            delivery.gateway,
            delivery.address,
            replies.render(language, *handled.parts),
            kind="reply",
            dedupe_key=f"reply:{message.pk}",
            seafarer=terminal.seafarer if terminal else None,
        )
        record_audit(
            terminal.seafarer if terminal else None,
            "short_messages.receive",
            target=message,
            purpose="short messages",
            detail={"gateway": delivery.gateway, "outcome": handled.outcome},
        )
    return Received(message, duplicate=False)
