"""What each command of a bound terminal does, through the same actions as the web pages:
求助 the "I need help now" press and its hotline callback, 回电 a hotline callback, 平安 the
at-sea check-in of the care pathway, a digit string a screening response (scored and
risk-checked by screening's own action), free text a message-board question (triaged by
inquiries' own action). Each returns what happened and the reply's parts, never a score.
Called inside ``inbound.do_receive_short_message``'s transaction: an alert is raised in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.help_now import NotASeafarer, do_press_help_now
from seafarers_home.alerts.sources import satellite_finders
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.hotline.actions.callbacks import (
    MIN_WINDOW_MINUTES,
    CallbackInvalid,
    do_request_callback,
)
from seafarers_home.hotline.actions.help_now import do_request_help_callback
from seafarers_home.hotline.models import CallbackRequest
from seafarers_home.inquiries.actions.asking import do_ask_question
from seafarers_home.inquiries.models import Category, Question, Urgency
from seafarers_home.inquiries.services_ask import InquiryInvalid
from seafarers_home.lib.zones import offset_text, user_zone, zone
from seafarers_home.screening.actions import (
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.models import Battery, RiskLevel, Screening
from seafarers_home.screening.scoring import InvalidAnswers
from seafarers_home.screening.services import ScreeningClosed
from seafarers_home.short_messages import replies
from seafarers_home.short_messages.commands import INSTRUMENT_CODES, Command
from seafarers_home.short_messages.gateways import Delivery
from seafarers_home.short_messages.terminals import masked
from seafarers_home.voyages.actions import do_record_at_sea_check_in
from seafarers_home.voyages.models import CarePlanStep, CareTask, Phase

CALLBACK_SPAN = timedelta(hours=2)
MIN_WINDOW = timedelta(minutes=MIN_WINDOW_MINUTES)
PULSE_BATTERY = "at-sea-pulse"
# Free text shorter than this that is no command is taken for a mistyped command, not a question.
QUESTION_MIN_CHARACTERS = 4
CODES = {code: short for short, code in INSTRUMENT_CODES.items()}

Part = tuple[Any, dict[str, Any]]


@dataclass
class Handled:
    outcome: str
    parts: list[Part]
    links: dict[str, int] = field(default_factory=dict)


def ship_zone(seafarer: User, delivery: Delivery) -> Any:
    """The nautical zone of the message's longitude (UTC+n, n = longitude / 15 rounded), else
    the seafarer's own zone."""
    if delivery.longitude is None:
        return user_zone(seafarer)
    hours = max(-12, min(12, round(delivery.longitude / 15)))
    return zone(f"Etc/GMT{-hours:+d}" if hours else "UTC")


def _callback_number(seafarer: User, delivery: Delivery) -> tuple[str, str]:
    """Where the counsellor calls: the phone that sent the SMS, else a satellite number the
    seafarer gave, else their own mobile."""
    if delivery.gateway == "sms":
        return CallbackRequest.Target.MOBILE, delivery.address
    number = next((found for find in satellite_finders() if (found := find(seafarer))), "")
    if number:
        return CallbackRequest.Target.SATELLITE, number
    return CallbackRequest.Target.MOBILE, seafarer.phone


def _key(delivery: Delivery) -> str:
    return f"sm-{delivery.gateway}-{delivery.message_id}"[:80]


def handle_sos(seafarer: User, delivery: Delivery) -> Handled:
    try:
        press = do_press_help_now(seafarer, idempotency_key=_key(delivery))
    except NotASeafarer:
        return Handled("refused:role", [replies.crisis_numbers()])
    links = {"alert_id": press.alert_id}
    target, number = _callback_number(seafarer, delivery)
    callback_id = press.callback_id
    if callback_id is None:
        now = timezone.now()
        try:
            callback = do_request_help_callback(
                press,
                seafarer,
                target=target,
                number=number,
                window_start=now,
                window_end=now + CALLBACK_SPAN,
                idempotency_key=_key(delivery),
            )
            callback_id = callback.pk
        except (CallbackInvalid, IdempotencyConflict):
            callback_id = None  # the alert stands: the clinician calls from the alert page
    if callback_id:
        links["callback_id"] = callback_id
    return Handled(
        "sos", [(replies.SOS, {"number": masked(number)}), replies.crisis_numbers()], links
    )


def _window(command: Command, here: Any, now: datetime) -> tuple[datetime, datetime]:
    if command.window is None:
        return now, now + CALLBACK_SPAN
    start_hour, end_hour = command.window
    local = now.astimezone(here)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    start = day + timedelta(hours=start_hour)
    end = day + timedelta(hours=end_hour if end_hour > start_hour else end_hour + 24)
    if end - max(start, local) < MIN_WINDOW:  # today's window is over (or nearly): tomorrow's
        start, end = start + timedelta(days=1), end + timedelta(days=1)
    return max(start, local), end


def handle_callback(seafarer: User, delivery: Delivery, command: Command) -> Handled:
    here = ship_zone(seafarer, delivery)
    start, end = _window(command, here, timezone.now())
    target, number = _callback_number(seafarer, delivery)
    try:
        callback = do_request_callback(
            seafarer,
            target=target,
            number=number,
            window_start=start,
            window_end=end,
            idempotency_key=_key(delivery),
        )
    except (CallbackInvalid, IdempotencyConflict):
        return Handled("refused:callback", [(replies.CALLBACK_REFUSED, {})])
    params = {
        "start": f"{start.astimezone(here):%H:%M}",
        "end": f"{end.astimezone(here):%H:%M}",
        "zone": offset_text(start.astimezone(here).utcoffset() or timedelta(0)),
        "number": masked(number),
    }
    return Handled("callback", [(replies.CALLBACK, params)], {"callback_id": callback.pk})


def handle_check_in(seafarer: User, delivery: Delivery) -> Handled:
    done = do_record_at_sea_check_in(seafarer, source=delivery.gateway)
    return Handled("check_in" if done else "check_in:no_task", [(replies.CHECK_IN, {})])


def _pulse_screening(seafarer: User, code: str) -> Screening | None:
    """The screening a digit string belongs to: an unfinished one waiting for this instrument,
    or — at sea with the period's pulse open — the pulse battery's; else none (the answers
    stand alone, as the API's do)."""
    for screening in Screening.objects.filter(
        seafarer=seafarer, status=Screening.Status.IN_PROGRESS
    ).order_by("-created_at"):
        if (
            code in screening.instrument_codes
            and not screening.responses.filter(instrument_code=code).exists()
        ):
            return screening
    battery = Battery.objects.filter(code=PULSE_BATTERY, is_active=True).first()
    if battery is None or code not in battery.instrument_codes:
        return None
    pulse_open = CareTask.objects.filter(
        seafarer=seafarer,
        status=CareTask.Status.OPEN,
        phase=Phase.AT_SEA,
        step__kind=CarePlanStep.Kind.PULSE,
    ).exists()
    return do_start_screening(seafarer, battery) if pulse_open else None


def handle_screening(seafarer: User, delivery: Delivery, command: Command) -> Handled:
    short = CODES[command.instrument]
    if not has_health_data_consent(seafarer):
        return Handled("refused:consent", [(replies.NO_CONSENT, {})])
    screening = _pulse_screening(seafarer, command.instrument)
    try:
        response = do_submit_response(
            seafarer,
            command.instrument,
            command.answers,
            screening=screening,
            idempotency_key=_key(delivery),
            complete_when_done=True,
        )
    except (InvalidAnswers, ScreeningClosed, IdempotencyConflict):
        return Handled("refused:digits", [(replies.QUESTION_REFUSED, {})])
    links = {"response_id": response.pk}
    if response.risk_level in (RiskLevel.FOLLOW_UP, RiskLevel.URGENT, RiskLevel.CRISIS):
        parts = [(replies.SCREENING_RISK, {"code": short}), replies.crisis_numbers()]
        return Handled("screening:risk", parts, links)
    return Handled("screening", [(replies.SCREENING_SAVED, {"code": short})], links)


def handle_question(seafarer: User, delivery: Delivery, command: Command) -> Handled:
    text = command.text.strip()
    if len(text) < QUESTION_MIN_CHARACTERS:
        return Handled("refused:unknown", [(replies.QUESTION_REFUSED, {})])
    if not has_health_data_consent(seafarer):
        return Handled("refused:consent", [(replies.NO_CONSENT, {})])
    title = " ".join(text.split())[:20]
    # The clinician learns the channel: the answer reaches the seafarer as a notice only.
    via = gettext("(经短报文留言:海员可能无法联网,回复后系统只发短报文通知。)")
    try:
        question = do_ask_question(
            seafarer,
            category=Category.OTHER,
            title=title,
            body=f"{text}\n\n{via}",
            location=Question.Location.AT_SEA if delivery.gateway != "sms" else "",
            idempotency_key=_key(delivery),
        )
    except (InquiryInvalid, IdempotencyConflict):
        return Handled("refused:question", [(replies.QUESTION_REFUSED, {})])
    links = {"question_id": question.pk}
    if question.urgency != Urgency.ROUTINE:
        return Handled(
            "question:urgent", [(replies.QUESTION_URGENT, {}), replies.crisis_numbers()], links
        )
    return Handled("question", [(replies.QUESTION_SAVED, {})], links)
