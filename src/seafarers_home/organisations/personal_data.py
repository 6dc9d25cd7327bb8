"""The seafarer profile as a type of personal data (export and erasure,
consent/personal_data.py): registered from OrganisationsConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.organisations.models import SeafarerProfile

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _profile(user: User) -> SeafarerProfile | None:
    return (
        SeafarerProfile.objects.filter(user=user)
        .select_related("company", "pending_company", "current_vessel")
        .first()
    )


def export_seafarer_profile(user: User) -> dict[str, Any] | None:
    profile = _profile(user)
    if profile is None:
        return None
    return {
        "real_name": profile.real_name,
        "seafarers_book_number": profile.seafarers_book_number,
        "rank": profile.rank,
        "company": profile.company.name if profile.company else None,
        # A company chosen but not yet confirmed by it (organisations/membership.py).
        "pending_company": profile.pending_company.name if profile.pending_company else None,
        "pending_since": _iso(profile.pending_since) if profile.pending_since else None,
        "current_vessel": (
            {
                "name": profile.current_vessel.name,
                "registration_number": profile.current_vessel.registration_number,
            }
            if profile.current_vessel
            else None
        ),
        "emergency_contact_name": profile.emergency_contact_name,
        "emergency_contact_phone": profile.emergency_contact_phone,
        "emergency_contact_relation": profile.emergency_contact_relation,
        "created_at": _iso(profile.created_at),
        "updated_at": _iso(profile.updated_at),
    }


def erase_seafarer_profile(user: User) -> None:
    profile = _profile(user)
    if profile is None:
        return
    profile.real_name = ""
    profile.seafarers_book_number = None
    profile.rank = SeafarerProfile.Rank.OTHER
    profile.company = None
    profile.pending_company, profile.pending_since = None, None  # off the officer's list too
    profile.current_vessel = None
    profile.emergency_contact_name = ""
    profile.emergency_contact_phone = ""
    profile.emergency_contact_relation = ""
    profile.save()


def seafarer_profile_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in SeafarerProfile.objects.filter(user=user).values_list("pk", flat=True):
        yield ("organisations.seafarerprofile", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "seafarer_profile",
        _("海员档案"),
        export=export_seafarer_profile,
        erase=erase_seafarer_profile,
        audit_targets=seafarer_profile_targets,
        help_text=_("真实姓名、海员证号、职务、所在企业和船舶、紧急联系人。"),
        models=("organisations.SeafarerProfile",),
    )
