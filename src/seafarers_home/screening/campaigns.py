"""Crew campaigns: a company officer (for their own company) or union staff invites a vessel's
crew or a list of seafarers to a 心理CT battery by a deadline.

What the organiser sees of an invitee is only done / not yet (``CampaignInvite.completed_at``,
set by ``services.do_complete_screening``) and, for the whole campaign, the suppressed band
distribution of ``aggregates``, frozen at the deadline. Invitations go out by SMS after the
commit and never carry health details.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role
from seafarers_home.lib.csv_files import RowError
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.organisations.access import officer_companies, sees_all_companies
from seafarers_home.organisations.models import Organisation, Vessel
from seafarers_home.screening.aggregates import (
    SuppressedGroup,
    band_distribution,
    instrument_title,
)
from seafarers_home.screening.models import (
    Campaign,
    CampaignInvite,
    Response,
    Screening,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

logger = logging.getLogger(__name__)


class CampaignImportError(Exception):
    """The invitee file has bad rows; nothing was imported."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


def organiser_organisation(user: User) -> Organisation | None:
    """The organisation a new campaign belongs to: the officer's company, or the union (or
    federation) where union staff and administrators hold their grant."""
    companies = officer_companies(user)
    if companies:
        return companies[0]
    if sees_all_companies(user):
        grant = (
            user.role_grants.filter(
                role__in=[Role.UNION_STAFF, Role.ADMINISTRATOR], organisation__isnull=False
            )
            .select_related("organisation")
            .first()
        )
        return grant.organisation if grant else None
    return None


def invitable_company_ids(user: User) -> list[int] | None:
    """Whose seafarers the user may invite: None = anyone (union staff), else these companies."""
    if sees_all_companies(user):
        return None
    return [company.pk for company in officer_companies(user)]


def campaign_company_ids(campaign: Campaign, actor: User) -> list[int] | None:
    """Whose seafarers may join this campaign. A company's campaign takes only that company's
    seafarers, whoever imports (else its officer would see another company's people); a
    union campaign takes whom the actor may invite."""
    allowed = invitable_company_ids(actor)
    company = campaign.organisation.company
    if company is None:
        return allowed
    return [company.pk] if allowed is None or company.pk in allowed else []


def campaigns_for_user(user: User | AnonymousUser) -> QuerySet[Campaign]:
    """Officers see their own companies' campaigns; union staff and administrators all; 404
    for everyone else."""
    campaigns = Campaign.objects.select_related("organisation", "vessel", "battery")
    if sees_all_companies(user):
        return campaigns
    company_ids = [company.pk for company in officer_companies(user)]
    if not company_ids:
        raise Http404
    return campaigns.filter(organisation_id__in=company_ids)


def get_campaign_for_user(user: User | AnonymousUser, pk: int) -> Campaign:
    campaign = campaigns_for_user(user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def vessel_crew(vessel: Vessel) -> list[Any]:
    """The seafarers (user accounts) currently registered on ``vessel``."""
    # Confirmed members of the vessel's company only: a person waiting for the company's
    # confirmation is not yet its crew.
    profiles = vessel.crew.select_related("user").filter(
        company_id=vessel.company_id, user__role_grants__role=Role.SEAFARER, user__is_active=True
    )
    return [profile.user for profile in profiles.distinct()]


def _invite(campaign: Campaign, users: Iterable[Any]) -> list[CampaignInvite]:
    """Create the missing invites (inside the caller's transaction) and send their SMS after
    the commit: a rolled-back import sends nothing."""
    users = list(users)
    already = set(campaign.invites.filter(seafarer__in=users).values_list("seafarer_id", flat=True))
    invites = CampaignInvite.objects.bulk_create(
        [
            CampaignInvite(campaign=campaign, seafarer=user)
            for user in users
            if user.pk not in already
        ]
    )
    invited = [user for user in users if user.pk not in already]
    transaction.on_commit(lambda: send_invitations(campaign, invited))
    return invites


def send_invitations(campaign: Campaign, users: Iterable[Any]) -> int:
    """One inbox row and one SMS per invitee, in the invitee's language. No campaign title, no
    health words: a shared phone or a crewmate may read it. Returns how many were new."""
    deadline = timezone.localtime(campaign.deadline, timezone.get_default_timezone())
    sent = 0
    for user in users:
        notification = do_send_notification(
            user,
            kind="screening.invitation",
            message=gettext_lazy("您有一项心理CT待完成,截止 %(date)s。"),
            params={"date": deadline.strftime("%Y-%m-%d")},
            url=reverse("screening:start"),
            dedupe_key=f"screening-invitation-{campaign.pk}",
        )
        sent += notification is not None
    return sent


def open_invites(seafarer: User) -> QuerySet[CampaignInvite]:
    """The seafarer's tasks: invitations not yet completed, soonest deadline first (for the
    screening landing page)."""
    return (
        CampaignInvite.objects.filter(seafarer=seafarer, completed_at__isnull=True)
        .select_related("campaign__battery")
        .order_by("campaign__deadline")
    )


def invite_rows(campaign: Campaign) -> QuerySet[CampaignInvite]:
    """Invitees for the organiser's page: name, vessel and done/not yet, nothing else."""
    return campaign.invites.select_related("seafarer__seafarer_profile__current_vessel").order_by(
        "completed_at", "seafarer__seafarer_profile__real_name", "pk"
    )


def distribution_visible(campaign: Campaign) -> bool:
    """The band distribution opens once the deadline has passed, and then counts only the
    screenings completed by the deadline. A live table would leak by differencing: an officer
    who looks before and after one crewmate finishes learns that crewmate's band from the
    change, whatever the suppression of each single view."""
    return timezone.now() >= campaign.deadline


def campaign_distributions(campaign: Campaign) -> list[tuple[str, str, SuppressedGroup]]:
    """(instrument code, title, suppressed band distribution) for each instrument of the
    battery, frozen at the deadline; empty before it (see ``distribution_visible``)."""
    if not distribution_visible(campaign):
        return []
    responses = Response.objects.filter(
        screening__campaign=campaign,
        screening__status=Screening.Status.COMPLETED,
        screening__completed_at__lte=campaign.deadline,
    )
    return [
        (code, instrument_title(code), band_distribution(responses, code))
        for code in campaign.battery.instrument_codes
    ]
