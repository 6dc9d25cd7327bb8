"""A whole crew as one case (issue 11 item 6). Wage arrears and abandonment usually hit a
crew: the seafarer who opens such a case gets an invite code to pass on; each crewmate who
joins with it states their own amount owed and agrees to join. The case's totals are per
currency: the opener's amount (the case's own field) and every claimant's.

A claimant sees the case's status and the legal workers' messages, and their own claim and
messages — not the opener's description, evidence or messages (those are the opener's)."""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from seafarers_home.rights.categories import get_category
from seafarers_home.rights.models import FINAL_STATUSES, Claimant, RightsCase

# No 0/O, 1/I/L: read aloud over a satellite phone or copied from a photo of a screen.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
INVITE_DAYS = 30
MAX_CLAIMANTS = 200


def new_invite_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def is_crew_case(case: RightsCase) -> bool:
    category = get_category(case.category)
    return bool(category and category.crew)


def give_invite(case: RightsCase) -> None:
    """Set a fresh code on a crew case being submitted (the caller saves)."""
    if is_crew_case(case):
        case.invite_code = new_invite_code()
        case.invite_expires_at = timezone.now() + timedelta(days=INVITE_DAYS)


def normalise_code(raw: str) -> str:
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())[:CODE_LENGTH]


CONFIRMED = Q(consented_at__isnull=False)


def cases_of_seafarer(user: object) -> QuerySet[RightsCase]:
    """The cases a seafarer opened or joined (a claim they have not confirmed is not one)."""
    joined = Claimant.objects.filter(CONFIRMED, seafarer=user).values("case_id")
    return RightsCase.objects.filter(Q(seafarer=user) | Q(pk__in=joined))


def pending_claims(user: object) -> QuerySet[Claimant]:
    """The crew cases a legal worker added the seafarer to, waiting for them to confirm."""
    return (
        Claimant.objects.filter(seafarer=user, consented_at__isnull=True)
        .exclude(case__status__in=FINAL_STATUSES)
        .select_related("case")
        .order_by("-created_at", "-pk")
    )


def totals(case: RightsCase) -> list[tuple[str, Decimal, int]]:
    """``(currency, amount owed, claimants)`` per currency, the opener included; a crewmate
    counts once they confirmed."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    people: dict[str, int] = defaultdict(int)
    for field in ("amount_owed",):
        amount, currency = case.details.get(field), case.details.get(f"{field}_currency")
        if amount and currency:
            sums[currency] += Decimal(amount)
            people[currency] += 1
    for claim in Claimant.objects.filter(CONFIRMED, case=case):
        sums[claim.currency] += claim.amount_owed
        people[claim.currency] += 1
    return [(currency, sums[currency], people[currency]) for currency in sorted(sums)]
