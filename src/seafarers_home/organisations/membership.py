"""Crew membership: confirmed by the company, never claimed by the seafarer.

A seafarer who picks a company in their profile waits as ``pending_company`` until an officer
of that company confirms them, or names them in a crew CSV (the company vouching for them in
writing). Only then is ``SeafarerProfile.company`` set, and every crew list, campaign
invitation and company aggregate reads ``company`` alone. Leaving a company needs nobody's
permission. Each decision is audited and told to the seafarer in their inbox.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from seafarers_home.audit.services import record_audit
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.organisations.models import Organisation, SeafarerProfile

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def apply_company_choice(profile: SeafarerProfile, chosen: Organisation | None) -> list[str]:
    """Set the seafarer's own choice of company on ``profile`` (not saved): the confirmed
    company stays if chosen again; another company becomes a pending request and ends the
    old membership; no company ends both. Returns the changed field names."""
    if chosen is not None and chosen.pk == profile.company_id:
        if profile.pending_company_id is None:
            return []
        profile.pending_company, profile.pending_since = None, None
        return ["pending_company"]
    if chosen is None:
        changed = [name for name in ("company", "pending_company") if getattr(profile, name)]
        profile.company, profile.pending_company, profile.pending_since = None, None, None
        return changed
    if chosen.pk == profile.pending_company_id:
        return []
    changed = ["pending_company"] + (["company"] if profile.company_id else [])
    profile.company = None
    profile.pending_company, profile.pending_since = chosen, timezone.now()
    return changed


def pending_for_companies(company_ids: Iterable[int]) -> QuerySet[SeafarerProfile]:
    return (
        SeafarerProfile.objects.filter(pending_company_id__in=list(company_ids))
        .select_related("pending_company", "current_vessel")
        .order_by("pending_since", "pk")
    )


def _notify(profile: SeafarerProfile, company: Organisation, confirmed: bool) -> None:
    with translation.override(profile.user.preferred_language or "zh-hans"):
        if confirmed:
            message = _("%(company)s 已确认您是本企业的船员。") % {"company": company.display_name}
        else:
            message = _("%(company)s 没有确认您是本企业的船员。如有疑问,请联系企业。") % {
                "company": company.display_name
            }
    do_send_notification(
        profile.user,
        kind="organisations.membership",
        message=message,
        url=reverse("organisations:my_profile"),
        sms=False,
    )


def _pending_company(profile: SeafarerProfile) -> Organisation:
    """The company a pending request names. Callers decide only on profiles selected by
    ``pending_company_id__in``, so a profile without one here is a bug, not a case to handle."""
    company = profile.pending_company
    if company is None:
        raise ValueError(f"seafarer profile {profile.pk} has no pending company")
    return company


def _confirm(profile: SeafarerProfile) -> Organisation:
    company = _pending_company(profile)
    profile.company = company
    if profile.current_vessel is not None and profile.current_vessel.company_id != company.pk:
        profile.current_vessel = None
    profile.pending_company, profile.pending_since = None, None
    profile.save(
        update_fields=[
            "company",
            "current_vessel",
            "pending_company",
            "pending_since",
            "updated_at",
        ]
    )
    return company


def _locked_pending(profile_pk: int, company_ids: list[int]) -> SeafarerProfile | None:
    return (
        SeafarerProfile.objects.select_for_update(of=("self",))
        .select_related("pending_company", "current_vessel", "user")
        .filter(pk=profile_pk, pending_company_id__in=company_ids)
        .first()
    )


def confirm_named_in_csv(
    actor: User,
    user_ids: Iterable[int],
    company_ids: list[int] | None,
    *,
    request: HttpRequest | None = None,
) -> int:
    """A company's crew CSV names these people: those waiting for one of ``company_ids`` are
    confirmed. Call inside the import's transaction. Union staff (``None``) confirm nobody:
    only the company vouches for its crew. Returns how many were confirmed."""
    if not company_ids:
        return 0
    profiles = (
        SeafarerProfile.objects.select_for_update(of=("self",))
        .select_related("pending_company", "current_vessel", "user")
        .filter(user_id__in=list(user_ids), pending_company_id__in=company_ids)
        .order_by("pk")
    )
    confirmed = 0
    for profile in profiles:
        company = _confirm(profile)
        record_audit(
            actor,
            "organisations.membership.confirm",
            target=profile,
            purpose="company names a crew member in a crew list",
            request=request,
            detail={"company": company.pk, "via": "csv"},
        )
        _notify(profile, company, confirmed=True)
        confirmed += 1
    return confirmed


def in_company_scope(profile: SeafarerProfile | None, company_ids: list[int] | None) -> bool:
    """May an import scoped to ``company_ids`` name this person: a confirmed member, or one
    waiting for that company (whom the import then confirms)."""
    if company_ids is None:
        return profile is not None
    return profile is not None and (
        profile.company_id in company_ids or profile.pending_company_id in company_ids
    )
