"""The seafarer profile's part of a crisis alert's person panel (alerts/person.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seafarers_home.alerts.person import Person, vessel_label
from seafarers_home.alerts.sources import register_person_details
from seafarers_home.organisations.models import SeafarerProfile

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def fill_from_profile(user: User, person: Person) -> None:
    """The real name, company, current vessel and emergency contact, when there is a profile."""
    profile = (
        SeafarerProfile.objects.select_related("company", "current_vessel")
        .filter(user=user)
        .first()
    )
    if profile is None:
        return
    if profile.real_name:
        person.name = profile.real_name
    person.company = str(profile.company or "")
    person.vessel = vessel_label(profile.current_vessel)
    if profile.emergency_contact_phone:
        person.emergency_contact = " ".join(
            part
            for part in (
                profile.emergency_contact_name,
                profile.emergency_contact_relation,
                profile.emergency_contact_phone,
            )
            if part
        )


def register() -> None:
    register_person_details(fill_from_profile)
