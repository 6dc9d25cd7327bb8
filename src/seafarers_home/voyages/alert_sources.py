"""The voyage's part of a crisis alert's person panel (alerts/person.py): where the ship is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seafarers_home.alerts.person import Person, vessel_label
from seafarers_home.alerts.sources import register_person_details
from seafarers_home.voyages.models import Phase
from seafarers_home.voyages.phases import current_voyage, phase_on, seafarer_today

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def fill_from_voyage(user: User, person: Person) -> None:
    """The phase of the current voyage (ashore without one), its dates, its vessel when the
    profile names none."""
    today = seafarer_today(user)
    voyage = current_voyage(user, today)
    person.phase = str(Phase(phase_on(voyage, today)).label if voyage else Phase.ASHORE.label)
    if voyage is not None:
        person.vessel = person.vessel or vessel_label(voyage.vessel)
        person.voyage = f"{voyage.planned_departure:%Y-%m-%d} – {voyage.expected_return:%Y-%m-%d}"


def register() -> None:
    register_person_details(fill_from_voyage)
