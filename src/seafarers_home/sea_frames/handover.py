"""What an accepted frame becomes: the same services as the web form and the API, called
inside the frame's transaction (actions.do_receive_frame), so that a PHQ-9 item 9 above 0
raises its crisis alert in the same transaction as the frame's row.

- screening → ``do_start_screening`` / ``do_submit_response`` / ``do_complete_screening`` of
  the battery with exactly these instruments (in any order), or single responses as the
  API's;
- callback request → the hotline's ``do_request_callback_once``;
- check-in → ``do_record_at_sea_check_in`` (the care pathway's at-sea check-in task, as the
  平安 text command) and, with the pulse, the at-sea pulse battery (PHQ-4 + WHO-5); the
  position stays on the frame's row;
- SOS → ``do_press_help_now`` (the crisis alert), and the hotline callback to the ship's
  number registered with the device.

A service's refusal raises ``Refused``: the transaction is rolled back, nothing is stored and
the reply says "refused". Idempotency keys are ``frame:<device id>:<counter>``.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.help_now import NotASeafarer, do_press_help_now
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.hotline.actions.callbacks import CallbackInvalid, do_request_callback_once
from seafarers_home.hotline.actions.help_now import do_request_help_callback
from seafarers_home.hotline.models import CallbackRequest
from seafarers_home.permissions.roles import is_seafarer, is_seafarer_with_health_consent
from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.models import Battery, RiskLevel, Screening
from seafarers_home.screening.scoring import InvalidAnswers
from seafarers_home.screening.services import ScreeningClosed
from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.models import Device
from seafarers_home.voyages.actions import do_record_at_sea_check_in

Status = codec.AckStatus
# A frame made on board may arrive days later; one from the future is a wrong clock.
FUTURE_SLACK = datetime.timedelta(hours=1)
SOS_CALLBACK_WINDOW = datetime.timedelta(hours=2)


class Refused(Exception):
    def __init__(self, reason: str, status: Status = Status.REFUSED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class Outcome:
    status: Status
    target: str = ""
    position: str = ""


def _position(position: codec.Position | None) -> str:
    return "" if position is None else f"{position.latitude:.4f},{position.longitude:.4f}"


def hand_over(
    seafarer: User, device: Device, header: codec.Header, message: codec.Message
) -> Outcome:
    if not is_seafarer(seafarer):
        raise Refused("not_seafarer")
    if message.made_at > timezone.now() + FUTURE_SLACK:  # type: ignore[union-attr]
        raise Refused("made_in_future")
    key = f"frame:{device.device_id}:{header.counter}"
    try:
        if isinstance(message, codec.ScreeningMessage):
            return _screening(seafarer, message.instruments, key)
        if isinstance(message, codec.CallbackMessage):
            return _callback(seafarer, device, message, key)
        if isinstance(message, codec.CheckInMessage):
            return _check_in(seafarer, message, key)
        if isinstance(message, codec.SosMessage):
            return _sos(seafarer, device, message, key)
    except (InvalidAnswers, ScreeningClosed, IdempotencyConflict, ValidationError) as error:
        raise Refused(type(error).__name__) from error
    raise Refused("type")


def _battery(codes: list[str]) -> Battery | None:
    # Few rows: compared here rather than with a JSON lookup that SQLite and PostgreSQL
    # read differently.
    for battery in Battery.objects.filter(is_active=True).order_by("pk"):
        if sorted(battery.instrument_codes) == sorted(codes):  # in any order
            return battery
    return None


def _screening(seafarer: User, instruments: tuple[codec.Answers, ...], key: str) -> Outcome:
    if not is_seafarer_with_health_consent(seafarer):
        raise Refused("consent", Status.CONSENT_NEEDED)
    battery = _battery([answers.code for answers in instruments])
    screening = do_start_screening(seafarer, battery) if battery is not None else None
    risks = []
    responses = []
    for answers in instruments:
        response = do_submit_response(
            seafarer,
            answers.code,
            answers.as_dict(),
            screening=screening,
            idempotency_key=f"{key}:{answers.code}",
            complete_when_done=True,
        )
        risks.append(response.risk_level)
        responses.append(response)
    if screening is not None:
        # The last answers completed it in their own transaction; a completion that failed
        # there (the answers are kept) is done here, as the form's last page does.
        if screening.status != Screening.Status.COMPLETED:
            do_complete_screening(screening)
        target = f"screening:{screening.pk}"
    else:
        target = "responses:" + ",".join(str(r.pk) for r in responses)
    crisis = RiskLevel.CRISIS in risks
    return Outcome(Status.CRISIS_HELP if crisis else Status.ACCEPTED, target)


def _callback(seafarer: User, device: Device, message: codec.CallbackMessage, key: str) -> Outcome:
    if not is_seafarer_with_health_consent(seafarer):
        raise Refused("consent", Status.CONSENT_NEEDED)
    target, number = {
        codec.CallbackTarget.SATELLITE: (CallbackRequest.Target.SATELLITE, device.callback_number),
        codec.CallbackTarget.MOBILE: (CallbackRequest.Target.MOBILE, seafarer.phone),
        codec.CallbackTarget.IN_APP: (CallbackRequest.Target.IN_APP, ""),
    }[message.target]
    start, end = message.window
    try:
        callback, _created = do_request_callback_once(
            seafarer,
            target=target,
            number=number,
            window_start=start,
            window_end=end,
            idempotency_key=key,
        )
    except CallbackInvalid as error:
        raise Refused("callback: " + ",".join(sorted(error.errors))) from error
    return Outcome(Status.ACCEPTED, f"callback:{callback.pk}")


def _check_in(seafarer: User, message: codec.CheckInMessage, key: str) -> Outcome:
    outcome = Outcome(Status.ACCEPTED, "check_in")
    if message.pulse is not None:
        outcome = _screening(seafarer, message.pulse, key)
    # The period's at-sea check-in is done, as the 平安 text command does.
    do_record_at_sea_check_in(seafarer, source="sea_frame")
    return Outcome(outcome.status, outcome.target, _position(message.position))


def _sos(seafarer: User, device: Device, message: codec.SosMessage, key: str) -> Outcome:
    try:
        press = do_press_help_now(seafarer, idempotency_key=key)
    except NotASeafarer as error:
        raise Refused("not_seafarer") from error
    if device.callback_number:
        now = timezone.now()
        # The alert is what matters: a callback the hotline refuses leaves it standing.
        with contextlib.suppress(CallbackInvalid):
            do_request_help_callback(
                press,
                seafarer,
                target=CallbackRequest.Target.SATELLITE,
                number=device.callback_number,
                window_start=now,
                window_end=now + SOS_CALLBACK_WINDOW,
                idempotency_key=f"{key}:callback",
            )
    return Outcome(Status.CRISIS_HELP, f"help:{press.pk}", _position(message.position))
