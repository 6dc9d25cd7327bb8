"""A posting's required certificates against the seafarer's wallet, and the filters of the
posting list. The wallet answers through ``certificates.validity``: a certificate must be
valid on the day the posting needs it until (the contract's end, or later)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.validity import kinds_valid_until, today_for
from seafarers_home.jobs.models import Posting

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

HELD, EXPIRES, MISSING = "held", "expires", "missing"
MATCH_LABELS = {
    HELD: _("持有,有效期覆盖合同期"),
    EXPIRES: _("持有,但在合同结束前到期"),
    MISSING: _("未持有"),
}


@dataclass(frozen=True)
class RequirementMatch:
    kind: str
    state: str

    @property
    def name(self) -> str:
        return kind_name(self.kind)

    @property
    def label(self) -> str:
        return str(MATCH_LABELS[self.state])

    @property
    def met(self) -> bool:
        return self.state == HELD


def certificate_match(seafarer: User, posting: Posting) -> list[RequirementMatch]:
    """Each required kind: held valid through the contract, held but expiring before the day
    the posting needs it, or not held valid today at all."""
    through = kinds_valid_until(seafarer, posting.required_valid_until)
    today = kinds_valid_until(seafarer, today_for(seafarer))
    out = []
    for kind in posting.required_kinds:
        state = HELD if kind in through else EXPIRES if kind in today else MISSING
        out.append(RequirementMatch(kind, state))
    return out


@dataclass(frozen=True)
class Filters:
    rank: str = ""
    vessel_type: str = ""
    area: str = ""
    wage_from: int | None = None
    joining_from: datetime.date | None = None
    joining_to: datetime.date | None = None


def open_postings(reader: User | AnonymousUser) -> QuerySet[Posting]:
    """Published postings whose closing day has not passed (in the reader's zone)."""
    return Posting.objects.filter(
        status=Posting.Status.APPROVED, closes_on__gte=today_for(reader)
    ).select_related("company", "vessel")


def apply_filters(postings: QuerySet[Posting], filters: Filters) -> QuerySet[Posting]:
    if filters.rank:
        postings = postings.filter(rank=filters.rank)
    if filters.vessel_type:
        postings = postings.filter(vessel_type=filters.vessel_type)
    if filters.area:
        postings = postings.filter(area__icontains=filters.area)
    if filters.wage_from is not None:
        postings = postings.filter(wage_max__gte=filters.wage_from)
    if filters.joining_from:
        postings = postings.filter(joining_on__gte=filters.joining_from)
    if filters.joining_to:
        postings = postings.filter(joining_on__lte=filters.joining_to)
    return postings
