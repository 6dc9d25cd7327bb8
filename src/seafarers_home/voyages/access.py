"""Who may see which voyages.

A seafarer sees their own voyages; a company officer those of their own companies (the
voyage's company is its vessel's); union staff and administrators all. Everything else
answers 404, never 403, so that nobody learns what exists in another company. Crew batches
(the readiness page) are for officers and union staff only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from seafarers_home.organisations.access import (
    require_company_viewer,
    visible_company_ids,
)
from seafarers_home.permissions.roles import is_seafarer
from seafarers_home.voyages.models import Voyage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def _voyages() -> QuerySet[Voyage]:
    return Voyage.objects.select_related(
        "seafarer__seafarer_profile", "vessel", "company", "recorded_by"
    )


def voyages_for_user(user: User | AnonymousUser) -> QuerySet[Voyage]:
    """Every voyage the user may see (a seafarer their own, an officer their companies',
    union staff and administrators all); 404 for everybody else."""
    if not user.is_authenticated:
        raise Http404
    company_ids = visible_company_ids(user)
    if company_ids is None:
        return _voyages()
    if not company_ids and not is_seafarer(user):
        raise Http404
    return _voyages().filter(Q(company_id__in=company_ids) | Q(seafarer=user))


def company_voyages_for_user(user: User | AnonymousUser) -> QuerySet[Voyage]:
    """The voyages of the companies the user acts for (officers) or all (union staff,
    administrators); 404 for everybody else, seafarers included."""
    company_ids = require_company_viewer(user)
    return _voyages() if company_ids is None else _voyages().filter(company_id__in=company_ids)


def get_voyage_for_user(user: User | AnonymousUser, pk: int) -> Voyage:
    voyage = voyages_for_user(user).filter(pk=pk).first()
    if voyage is None:
        raise Http404
    return voyage


def get_crew_batch_for_user(user: User | AnonymousUser, batch: str) -> list[Voyage]:
    """The voyages of one crew batch the user may see as officer or union staff."""
    voyages = list(
        company_voyages_for_user(user)
        .filter(crew_batch=batch)
        .order_by("seafarer__seafarer_profile__real_name", "pk")
    )
    if not batch or not voyages:
        raise Http404
    return voyages
