"""The writes of crew screening campaigns: creating one (the vessel's crew and the named
people invited) and inviting the people of a company's CSV file. Each ``do_*`` owns its
transaction and audit row; the rules and reads stay in campaigns.py."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.organisations.membership import confirm_named_in_csv
from seafarers_home.organisations.models import Organisation, Vessel
from seafarers_home.screening.campaigns import (
    CampaignImportError,
    _invite,
    campaign_company_ids,
    vessel_crew,
)
from seafarers_home.screening.csv_import import parse_invitees
from seafarers_home.screening.models import Battery, Campaign, CampaignInvite


def do_create_campaign(
    actor: User,
    *,
    organisation: Organisation,
    title: str,
    battery: Battery,
    deadline: datetime.datetime,
    vessel: Vessel | None = None,
    invitees: Iterable[Any] = (),
    request: HttpRequest | None = None,
) -> Campaign:
    """Create the campaign and invite the vessel's current crew plus ``invitees``."""
    if deadline <= timezone.now():
        raise ValueError("deadline must be in the future")
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            organisation=organisation,
            vessel=vessel,
            battery=battery,
            deadline=deadline,
            created_by=actor,
        )
        people = {user.pk: user for user in (vessel_crew(vessel) if vessel else [])}
        people.update({user.pk: user for user in invitees})
        # The invitees come from the company's CSV: it vouches for those awaiting confirmation.
        confirm_named_in_csv(
            actor,
            [user.pk for user in invitees],
            campaign_company_ids(campaign, actor),
            request=request,
        )
        invites = _invite(campaign, people.values())
        record_audit(
            actor,
            "screening.campaign.create",
            target=campaign,
            purpose="organise crew screening",
            request=request,
            detail={"invited": len(invites), "vessel": vessel.pk if vessel else None},
        )
    return campaign


def do_import_invites(
    campaign: Campaign, actor: User, data: bytes, *, request: HttpRequest | None = None
) -> list[CampaignInvite]:
    """Invite the people of a CSV file: all of them, or (any bad row) none and raise
    ``CampaignImportError`` with the row errors. People already invited are skipped."""
    parsed = parse_invitees(data, company_ids=campaign_company_ids(campaign, actor))
    if parsed.errors:
        raise CampaignImportError(parsed.errors)
    with transaction.atomic():
        confirm_named_in_csv(
            actor,
            [user.pk for user in parsed.users],
            campaign_company_ids(campaign, actor),
            request=request,
        )
        invites = _invite(campaign, parsed.users)
        record_audit(
            actor,
            "screening.campaign.import",
            target=campaign,
            purpose="organise crew screening",
            request=request,
            detail={"rows": len(parsed.users), "invited": len(invites)},
        )
    return invites
