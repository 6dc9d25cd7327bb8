"""The people a vessel's records say are aboard: seafarers whose profile names the vessel as
their current one, and seafarers with a voyage on it that is not cancelled and not yet back."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from seafarers_home.accounts.models import Role, User
from seafarers_home.organisations.models import Vessel
from seafarers_home.voyages.models import Phase


def crew_of(vessel: Vessel) -> QuerySet[User]:
    aboard = Q(
        voyages__vessel=vessel,
        voyages__cancelled_at__isnull=True,
        voyages__phase__in=[Phase.BEFORE_DEPARTURE, Phase.AT_SEA],
    )
    return (
        User.objects.filter(Q(seafarer_profile__current_vessel=vessel) | aboard)
        .filter(role_grants__role=Role.SEAFARER)
        .select_related("seafarer_profile")
        .distinct()
        .order_by("pk")
    )
