"""Joining a crew: the seafarer finds their vessel or company (a plain GET search, no
JavaScript), the company's officer confirms or declines. Writes go through
``organisations.membership``."""

from __future__ import annotations

import unicodedata

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.organisations.access import require_officer_companies
from seafarers_home.organisations.actions import (
    do_confirm_crew_member,
    do_decline_crew_member,
    do_update_seafarer_profile,
)
from seafarers_home.organisations.models import Organisation, SeafarerProfile, Vessel
from seafarers_home.permissions.decorators import seafarer_required

RESULTS = 20
MIN_QUERY = 2


def _next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def search_vessels(query: str) -> list[Vessel]:
    """Vessels by part of the name or registration number (case, spaces, dashes and
    full-width characters forgiven)."""
    query = unicodedata.normalize("NFKC", query).strip()
    if len(query) < MIN_QUERY:
        return []
    # Names and registration numbers are written with or without dashes and spaces (a phone's
    # keyboard types 平太荣18 for 平太荣 18号): compare both sides without them.
    compact = query.replace("-", "").replace(" ", "")
    vessels = Vessel.objects.annotate(
        compact=Replace(
            Replace("registration_number", Value("-"), Value("")), Value(" "), Value("")
        ),
        compact_name=Replace("name", Value(" "), Value("")),
    )
    match = Q(name__icontains=query) | Q(registration_number__icontains=query)
    if compact:
        match |= Q(compact__icontains=compact) | Q(compact_name__icontains=compact)
    return list(vessels.filter(match).select_related("company").order_by("name", "pk")[:RESULTS])


def search_companies(query: str) -> list[Organisation]:
    query = query.strip()
    if len(query) < MIN_QUERY:
        return []
    companies = Organisation.objects.filter(kind=Organisation.Kind.COMPANY)
    match = Q(name__icontains=query) | Q(name_en__icontains=query)
    return list(companies.filter(match).order_by("name")[:RESULTS])


@seafarer_required
@require_http_methods(["GET", "POST"])
def my_vessel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Step two of the profile: which vessel (and so which company) the seafarer is on."""
    profile = SeafarerProfile.objects.filter(user=request.user).first()
    if profile is None:  # the name comes first: the profile cannot exist without it
        return redirect("organisations:my_profile")
    done = _next(request, reverse("core:health"))
    if request.method == "POST":
        vessel = Vessel.objects.filter(pk=request.POST.get("vessel") or 0).first()
        company = Organisation.objects.filter(
            kind=Organisation.Kind.COMPANY, pk=request.POST.get("company") or 0
        ).first()
        if vessel is None and company is None:
            raise Http404
        values = {
            "company": vessel.company if vessel else company,
            "current_vessel": vessel,
        }
        do_update_seafarer_profile(request.user, values, request=request)
        messages.success(request, _("已保存。企业确认您是其船员之后,您会出现在企业的船员名单上。"))
        return redirect(done)
    query = request.GET.get("q", "")
    context = {
        "profile": profile,
        "query": query,
        "searched": len(query.strip()) >= MIN_QUERY,
        "too_short": 0 < len(query.strip()) < MIN_QUERY,
        "vessels": search_vessels(query),
        "companies": search_companies(query),
        "next": done,
    }
    return render(request, "organisations/my_vessel.html", context)


def _decide(request: AuthenticatedHttpRequest, pk: int, confirm: bool) -> HttpResponse:
    company_ids = [company.pk for company in require_officer_companies(request.user)]
    do = do_confirm_crew_member if confirm else do_decline_crew_member
    if do(request.user, pk, company_ids, request=request) is None:
        raise Http404
    if confirm:
        messages.success(request, _("已确认,这位海员已在船员名单上。"))
    else:
        messages.success(request, _("已拒绝这位海员的申请。"))
    return redirect("organisations:company_crew")


@login_required
@require_POST
def confirm_member(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=True)


@login_required
@require_POST
def decline_member(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, confirm=False)
