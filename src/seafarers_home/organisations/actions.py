"""Every write of organisations: seafarer profiles, vessels, and crew membership confirmed or
declined by the company (the rules stay in membership.py). Each function owns its transaction
and writes its audit row in it.

The audit detail names the changed fields but never their values: the trail is append-only,
and personal data in it could not be erased when a seafarer asks for erasure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest

from seafarers_home.audit.services import record_audit
from seafarers_home.organisations.membership import (
    _confirm,
    _locked_pending,
    _notify,
    _pending_company,
    apply_company_choice,
)
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PROFILE_FIELDS = (
    "real_name",
    "seafarers_book_number",
    "rank",
    "company",
    "current_vessel",
    "emergency_contact_name",
    "emergency_contact_phone",
    "emergency_contact_relation",
)
# The fields a seafarer sets directly; the company goes through apply_company_choice.
OWN_FIELDS = tuple(name for name in PROFILE_FIELDS if name != "company")
VESSEL_FIELDS = ("name", "registration_number", "kind", "link_at_sea")


def _apply(instance: Any, fields: tuple[str, ...], values: dict[str, Any]) -> list[str]:
    changed = []
    for name in fields:
        if name in values and getattr(instance, name) != values[name]:
            setattr(instance, name, values[name])
            changed.append(name)
    return changed


def do_update_seafarer_profile(
    user: User, values: dict[str, Any], *, request: HttpRequest | None = None
) -> SeafarerProfile:
    """Create or update the user's own seafarer profile from validated ``values`` (keys from
    PROFILE_FIELDS; an empty book number is stored as NULL so that it stays unique). The
    chosen company is a request until the company confirms it."""
    values = dict(values)
    if "seafarers_book_number" in values:
        values["seafarers_book_number"] = values["seafarers_book_number"] or None
    with transaction.atomic():
        profile = SeafarerProfile.objects.select_for_update().filter(user=user).first()
        created = profile is None
        if profile is None:
            profile = SeafarerProfile(user=user)
        changed = _apply(profile, OWN_FIELDS, values)
        if "company" in values:
            # Joining a company waits for its confirmation (organisations/membership.py).
            changed += apply_company_choice(profile, values["company"])
        profile.full_clean()
        profile.save()
        record_audit(
            user,
            "organisations.profile.create" if created else "organisations.profile.update",
            target=profile,
            purpose="seafarer maintains own profile",
            request=request,
            detail={"fields": changed},
        )
    return profile


def do_create_vessel(
    actor: User,
    company: Organisation,
    values: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> Vessel:
    with transaction.atomic():
        vessel = Vessel(company=company)
        _apply(vessel, VESSEL_FIELDS, values)
        vessel.full_clean()
        vessel.save()
        record_audit(
            actor,
            "organisations.vessel.create",
            target=vessel,
            purpose="company officer registers a vessel",
            request=request,
            detail={"company": company.pk, "registration_number": vessel.registration_number},
        )
    return vessel


def do_update_vessel(
    actor: User, vessel: Vessel, values: dict[str, Any], *, request: HttpRequest | None = None
) -> Vessel:
    with transaction.atomic():
        vessel = Vessel.objects.select_for_update().get(pk=vessel.pk)
        changed = _apply(vessel, VESSEL_FIELDS, values)
        vessel.full_clean()
        vessel.save()
        record_audit(
            actor,
            "organisations.vessel.update",
            target=vessel,
            purpose="company officer maintains a vessel",
            request=request,
            detail={"fields": changed},
        )
    return vessel


def do_confirm_crew_member(
    actor: User, profile_pk: int, company_ids: list[int], *, request: HttpRequest | None = None
) -> SeafarerProfile | None:
    """The officer confirms a pending seafarer of one of ``company_ids``. None when there is
    no such request (already decided by a colleague, withdrawn, or another company's)."""
    with transaction.atomic():
        profile = _locked_pending(profile_pk, company_ids)
        if profile is None:
            return None
        company = _confirm(profile)
        record_audit(
            actor,
            "organisations.membership.confirm",
            target=profile,
            purpose="company officer confirms a crew member",
            request=request,
            detail={"company": company.pk, "via": "officer"},
        )
        _notify(profile, company, confirmed=True)
    return profile


def do_decline_crew_member(
    actor: User, profile_pk: int, company_ids: list[int], *, request: HttpRequest | None = None
) -> SeafarerProfile | None:
    """The officer declines a pending request: the seafarer is on no crew list of theirs."""
    with transaction.atomic():
        profile = _locked_pending(profile_pk, company_ids)
        if profile is None:
            return None
        company = _pending_company(profile)
        profile.pending_company, profile.pending_since = None, None
        if profile.current_vessel is not None and profile.current_vessel.company_id == company.pk:
            profile.current_vessel = None
        profile.save(
            update_fields=["current_vessel", "pending_company", "pending_since", "updated_at"]
        )
        record_audit(
            actor,
            "organisations.membership.decline",
            target=profile,
            purpose="company officer declines a crew membership request",
            request=request,
            detail={"company": company.pk},
        )
        _notify(profile, company, confirmed=False)
    return profile
