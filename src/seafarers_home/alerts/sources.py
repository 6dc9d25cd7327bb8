"""What the services tell the alert pages about their own records, registered from each app's
``AppConfig.ready()``: alerts sit below the services that raise them (screening, the message
board, consultations, the hotline) and must not import them.

- ``register_cause(source, finder)``: the record that raised an alert of ``source`` (a link,
  lines for the clinician), ``finder(alert, label) -> Cause``;
- ``register_person_details(fill)``: parts of the person panel, ``fill(user, person)``, run in
  the order the apps are installed (the profile before the voyage);
- ``register_satellite_number(find, priority)``: where a satellite number the seafarer gave
  may be found, lowest priority first;
- ``register_position(find)``: the last known position of the seafarer's ship, as words;
- ``register_reason_signals(source, signals)``: for alerts of ``source``, what the person's own
  words said, ``signals(alerts) -> {alert pk: [labels]}`` for a whole board at once;
- ``register_reason_label(label)``: words for a reason code alerts do not know,
  ``label(code) -> str | None``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

CauseFinder = Callable[[Any, str], Any]
PersonFiller = Callable[[Any, Any], None]
SatelliteFinder = Callable[[Any], str]
SignalReader = Callable[[list[Any]], dict[int, list[str]]]
ReasonLabel = Callable[[str], "str | None"]

CAUSES: dict[str, CauseFinder] = {}
PERSON_DETAILS: list[PersonFiller] = []
SATELLITE_NUMBERS: list[tuple[int, SatelliteFinder]] = []
REASON_SIGNALS: dict[str, SignalReader] = {}
REASON_LABELLERS: list[ReasonLabel] = []
POSITIONS: list[SatelliteFinder] = []


def register_cause(source: str, finder: CauseFinder) -> None:
    CAUSES[source] = finder


def register_person_details(fill: PersonFiller) -> None:
    if fill not in PERSON_DETAILS:
        PERSON_DETAILS.append(fill)


def register_satellite_number(find: SatelliteFinder, *, priority: int) -> None:
    if all(existing is not find for _p, existing in SATELLITE_NUMBERS):
        SATELLITE_NUMBERS.append((priority, find))
        SATELLITE_NUMBERS.sort(key=lambda entry: entry[0])


def satellite_finders() -> Iterable[SatelliteFinder]:
    return (find for _priority, find in SATELLITE_NUMBERS)


def register_position(find: SatelliteFinder) -> None:
    """Where the seafarer's ship last was, as words (a short message's position, issue 14):
    shown on the alert's person panel and to the counsellor calling back."""
    if find not in POSITIONS:
        POSITIONS.append(find)


def last_position(user: Any) -> str:
    return next((found for find in POSITIONS if (found := find(user))), "")


def register_reason_signals(source: str, signals: SignalReader) -> None:
    REASON_SIGNALS[source] = signals


def register_reason_label(label: ReasonLabel) -> None:
    if label not in REASON_LABELLERS:
        REASON_LABELLERS.append(label)
