from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.organisations.access import (
    get_vessel_for_user,
    officer_companies,
    require_officer_companies,
    seafarers_for_user,
    sees_all_companies,
    vessels_for_user,
)
from seafarers_home.organisations.actions import (
    do_create_vessel,
    do_update_seafarer_profile,
    do_update_vessel,
)
from seafarers_home.organisations.forms import CompanyFilterForm, SeafarerProfileForm, VesselForm
from seafarers_home.organisations.membership import pending_for_companies
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.organisations.tree import organisation_tree
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_company_officer, is_company_viewer

PAGE_SIZE = 50


@seafarer_required
@require_http_methods(["GET", "POST"])
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = SeafarerProfile.objects.filter(user=request.user).first()
    instance = profile or SeafarerProfile(user=request.user)
    form = SeafarerProfileForm(request.POST or None, instance=instance, first_step=profile is None)
    if request.method == "POST" and form.is_valid():
        do_update_seafarer_profile(request.user, form.cleaned_data, request=request)
        messages.success(request, _("您的海员档案已保存。"))
        if profile is None:
            # A new seafarer: next, find their vessel (and so their company) by search.
            return redirect(reverse("organisations:my_vessel") + _next_query(request))
        return redirect(_safe_next(request) or reverse("organisations:my_profile"))
    context = {"form": form, "profile": profile, "next": _safe_next(request) or ""}
    return render(request, "organisations/my_profile.html", context)


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return None


def _next_query(request: HttpRequest) -> str:
    target = _safe_next(request)
    return "?" + urlencode({"next": target}) if target else ""


def _filtered(
    request: HttpRequest, queryset: QuerySet[Any], field: str = "company"
) -> tuple[QuerySet[Any], CompanyFilterForm | None]:
    """Union staff and administrators may narrow a list to one company."""
    if not sees_all_companies(request.user):
        return queryset, None
    filter_form = CompanyFilterForm(request.GET or None)
    if filter_form.is_valid() and filter_form.cleaned_data["company"] is not None:
        queryset = queryset.filter(**{field: filter_form.cleaned_data["company"]})
    return queryset, filter_form


@role_required(is_company_viewer)
@require_GET
def company_crew(request: HttpRequest) -> HttpResponse:
    # Only names, ranks and vessels: an employer never sees any health data here.
    crew, filter_form = _filtered(request, seafarers_for_user(request.user))
    page = Paginator(crew.order_by("company__name", "real_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    companies = officer_companies(request.user)
    context = {
        "page": page,
        "filter_form": filter_form,
        "companies": companies,
        # Only the company itself confirms who is its crew; union staff read.
        "pending": pending_for_companies([company.pk for company in companies])[:200],
    }
    return render(request, "organisations/company_crew.html", context)


@role_required(is_company_viewer)
@require_GET
def vessel_list(request: HttpRequest) -> HttpResponse:
    vessels, filter_form = _filtered(request, vessels_for_user(request.user))
    page = Paginator(vessels.order_by("company__name", "name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filter_form": filter_form,
        "can_add": bool(officer_companies(request.user)),
    }
    return render(request, "organisations/vessel_list.html", context)


@role_required(is_company_officer)
@require_http_methods(["GET", "POST"])
def vessel_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    companies = require_officer_companies(request.user)
    form = VesselForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        company = form.cleaned_data.get("owning_company") or companies[0]
        vessel = do_create_vessel(request.user, company, form.cleaned_data, request=request)
        messages.success(request, _("船舶已登记。"))
        return redirect("organisations:vessel_detail", pk=vessel.pk)
    return render(request, "organisations/vessel_form.html", {"form": form, "vessel": None})


@login_required
@require_GET
def vessel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    vessel = get_vessel_for_user(request.user, pk)
    # Confirmed crew only: a seafarer waiting for the company's confirmation is not listed.
    crew = vessel.crew.filter(company_id=vessel.company_id).order_by("real_name", "pk")[:500]
    can_edit = vessel.company_id in {c.pk for c in officer_companies(request.user)}
    context = {"vessel": vessel, "crew": crew, "can_edit": can_edit}
    return render(request, "organisations/vessel_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def vessel_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    vessel = get_vessel_for_user(request.user, pk, manage=True)
    form = VesselForm(request.POST or None, instance=vessel)
    if request.method == "POST" and form.is_valid():
        do_update_vessel(request.user, vessel, form.cleaned_data, request=request)
        messages.success(request, _("船舶信息已保存。"))
        return redirect("organisations:vessel_detail", pk=vessel.pk)
    return render(request, "organisations/vessel_form.html", {"form": form, "vessel": vessel})


@role_required(sees_all_companies)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/overview.html", {"rows": organisation_tree()})
