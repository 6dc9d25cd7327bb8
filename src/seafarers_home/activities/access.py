"""Who may see and run which activities.

An organiser is union staff (for the union where their grant is) or a company officer (for
their own company). Organisers see only their own organisations' activities; a seafarer sees
the activities open to them (everyone's, or their company's crews'). Everything else answers
404, never 403: nobody learns what another organisation runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from seafarers_home.accounts.models import Role
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.organisations.access import officer_companies
from seafarers_home.permissions.roles import (
    holds,
    is_company_officer,
    is_seafarer,
    is_signed_in,
    is_union_staff,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User
    from seafarers_home.organisations.models import Organisation


def is_activity_organiser(user: User | AnonymousUser) -> bool:
    """Union staff and company officers publish and run activities."""
    return is_union_staff(user) or is_company_officer(user)


def organiser_organisations(user: User | AnonymousUser) -> list[Organisation]:
    """The organisations whose activities ``user`` runs: the union(s) of their union-staff
    grants first, then the companies they are officer for."""
    if not is_signed_in(user):
        return []
    grants = user.role_grants.filter(
        role=Role.UNION_STAFF, organisation__isnull=False
    ).select_related("organisation")
    unions = {grant.organisation for grant in grants if grant.organisation is not None}
    return sorted(unions, key=lambda org: org.pk) + officer_companies(user)


def organiser_activities(user: User | AnonymousUser) -> QuerySet[Activity]:
    organisations = organiser_organisations(user)
    if not organisations:
        raise Http404
    return Activity.objects.filter(organisation__in=organisations).select_related(
        "organisation", "company"
    )


def get_organiser_activity(user: User | AnonymousUser, pk: int) -> Activity:
    activity = organiser_activities(user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def seafarer_company_id(user: User) -> int | None:
    profile = getattr(user, "seafarer_profile", None)
    return profile.company_id if profile is not None else None


def open_to(user: User) -> Q:
    """The activities this seafarer may see and join: those for every seafarer, and those
    for the crews of their (confirmed) company."""
    company_id = seafarer_company_id(user)
    if company_id is None:
        return Q(company__isnull=True)
    return Q(company__isnull=True) | Q(company_id=company_id)


def seafarer_activities(user: User | AnonymousUser) -> QuerySet[Activity]:
    if not holds(user, Role.SEAFARER):  # is_seafarer, narrowing user to a User
        raise Http404
    return Activity.objects.filter(open_to(user)).select_related("organisation", "company")


def get_seafarer_activity(user: User | AnonymousUser, pk: int) -> Activity:
    activity = seafarer_activities(user).filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def get_own_signup(user: User | AnonymousUser, activity: Activity) -> SignUp:
    """The seafarer's standing sign-up for ``activity``; 404 if there is none."""
    signup = (
        SignUp.objects.filter(activity=activity, seafarer_id=user.pk, status__in=SignUp.ACTIVE)
        .select_related("activity")
        .first()
    )
    if signup is None:
        raise Http404
    return signup


def get_own_signup_by_id(user: User | AnonymousUser, pk: int) -> SignUp:
    """One of the seafarer's own sign-ups, in any state (the API cancels and confirms by id);
    404 for anyone else's."""
    if not is_seafarer(user):
        raise Http404
    signup = SignUp.objects.filter(pk=pk, seafarer_id=user.pk).select_related("activity").first()
    if signup is None:
        raise Http404
    return signup


def get_activity_for_picture(user: User | AnonymousUser, pk: int) -> Activity:
    """Anyone who may see the activity may see its picture."""
    if holds(user, Role.SEAFARER):  # is_seafarer, narrowing user to a User
        found = Activity.objects.filter(open_to(user), pk=pk).first()
        if found is not None:
            return found
    if is_activity_organiser(user):
        return get_organiser_activity(user, pk)
    raise Http404
