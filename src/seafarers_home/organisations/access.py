"""Who may see which company's people and vessels.

A company officer acts only for their own company: their RoleGrant names the company or its
company union (``Organisation.company`` resolves both). Union staff and administrators see
every company. Everything else answers 404, never 403, so that nobody learns what exists in
another company.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from seafarers_home.accounts.models import Role
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel
from seafarers_home.permissions.roles import sees_all_companies

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def officer_companies(user: User | AnonymousUser) -> list[Organisation]:
    """The companies this person acts for as company officer (usually one)."""
    if not user.is_authenticated:
        return []
    grants = user.role_grants.filter(
        role=Role.COMPANY_OFFICER, organisation__isnull=False
    ).select_related("organisation__parent")
    companies = {
        company
        for grant in grants
        if grant.organisation is not None and (company := grant.organisation.company) is not None
    }
    return sorted(companies, key=lambda company: company.name)


def visible_company_ids(user: User | AnonymousUser) -> list[int] | None:
    """Companies whose crew and vessels the user may list: None means all of them, an empty
    list means none (the caller answers 404)."""
    if sees_all_companies(user):
        return None
    return [company.pk for company in officer_companies(user)]


def require_company_viewer(user: User | AnonymousUser) -> list[int] | None:
    company_ids = visible_company_ids(user)
    if company_ids == []:
        raise Http404
    return company_ids


def require_officer_companies(user: User | AnonymousUser) -> list[Organisation]:
    companies = officer_companies(user)
    if not companies:
        raise Http404
    return companies


def vessels_for_user(user: User | AnonymousUser) -> QuerySet[Vessel]:
    company_ids = require_company_viewer(user)
    vessels = Vessel.objects.select_related("company")
    return vessels if company_ids is None else vessels.filter(company_id__in=company_ids)


def seafarers_for_user(user: User | AnonymousUser) -> QuerySet[SeafarerProfile]:
    company_ids = require_company_viewer(user)
    profiles = SeafarerProfile.objects.select_related(
        "company", "pending_company", "current_vessel"
    )
    return profiles if company_ids is None else profiles.filter(company_id__in=company_ids)


def get_vessel_for_user(user: User | AnonymousUser, pk: int, *, manage: bool = False) -> Vessel:
    """A vessel the user may see; with ``manage`` one they may change, which only the owning
    company's officer may (union staff read, the Django admin is the back office)."""
    if manage:
        company_ids = [company.pk for company in require_officer_companies(user)]
        vessels = Vessel.objects.filter(company_id__in=company_ids)
    else:
        vessels = vessels_for_user(user)
    vessel = vessels.select_related("company").filter(pk=pk).first()
    if vessel is None:
        raise Http404
    return vessel


def get_seafarer_for_user(user: User | AnonymousUser, pk: int) -> SeafarerProfile:
    """A seafarer profile the user may see: their own, or one of a company they act for."""
    profile = (
        SeafarerProfile.objects.select_related("company", "current_vessel").filter(pk=pk).first()
    )
    if profile is None or not user.is_authenticated:
        raise Http404
    if profile.user_id == user.pk:
        return profile
    company_ids = visible_company_ids(user)
    if company_ids is None or (
        profile.company_id is not None and profile.company_id in company_ids
    ):
        return profile
    raise Http404
