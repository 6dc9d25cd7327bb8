"""Joining a crew (issue 16 item 6): the seafarer's vessel search, the officer's confirm and
decline of a pending seafarer of company A."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import SeafarerProfile
from tests.permission_rules.base import SEAFARERS, Rule
from tests.personas import World


def _pending_of_company_a(world: World) -> dict[str, Any]:
    user, _created = User.objects.get_or_create(phone="13800000088")
    RoleGrant.objects.get_or_create(user=user, role=Role.SEAFARER)
    profile, _created = SeafarerProfile.objects.get_or_create(
        user=user,
        defaults={
            "real_name": "待确认",
            "pending_company": world.company_a,
            "pending_since": timezone.now(),
        },
    )
    return {"pk": profile.pk}


RULES = {
    "organisations:my_vessel": Rule(allowed=SEAFARERS),
    "organisations:confirm_member": Rule(
        allowed=frozenset({"officer_a"}),
        method="post",
        kwargs=_pending_of_company_a,
        not_theirs=frozenset({"officer_b"}),
    ),
    "organisations:decline_member": Rule(
        allowed=frozenset({"officer_a"}),
        method="post",
        kwargs=_pending_of_company_a,
        not_theirs=frozenset({"officer_b"}),
    ),
}
