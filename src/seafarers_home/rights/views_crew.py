"""A whole crew as one case, from the vessel's crew records (issue 11 item 6): the legal worker
who holds a crew case finds the vessel, reads who its records say is aboard (the read is
audited) and adds crewmates; each crewmate confirms with their own amount owed and consent,
or declines, on their own page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seafarers_home.audit.reads import record_read
from seafarers_home.incidents.crew import crew_of
from seafarers_home.organisations.models import Vessel
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_legal_worker
from seafarers_home.rights.access import get_case_for_worker, get_pending_claim
from seafarers_home.rights.actions.crew import (
    do_add_crewmates,
    do_confirm_claim,
    do_decline_claim,
)
from seafarers_home.rights.actions.working import CaseRefused
from seafarers_home.rights.categories import get_category
from seafarers_home.rights.crew import is_crew_case
from seafarers_home.rights.forms import currency_choices
from seafarers_home.rights.models import RightsCase
from seafarers_home.rights.reporting import PURPOSE, CaseInvalid

VESSELS_SHOWN = 20


def _vessels(query: str) -> list[Vessel]:
    if not query:
        return []
    matching = Q(name__icontains=query) | Q(registration_number__icontains=query)
    return list(Vessel.objects.filter(matching).order_by("name", "pk")[:VESSELS_SHOWN])


def _chosen_vessel(request: HttpRequest) -> Vessel | None:
    raw = request.POST.get("vessel") or request.GET.get("vessel") or ""
    return Vessel.objects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 18 else None


def _crew_rows(case: RightsCase, vessel: Vessel) -> list[dict[str, Any]]:
    on_case = dict(case.claimants.values_list("seafarer_id", "consented_at"))
    rows = []
    for person in crew_of(vessel):
        if person.pk == case.seafarer_id:
            continue
        state = "" if person.pk not in on_case else ("joined" if on_case[person.pk] else "pending")
        rows.append({"person": person, "state": state})
    return rows


@require_http_methods(["GET", "POST"])
@role_required(is_legal_worker)
def add_crew(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_worker(request.user, pk)
    errors: dict[str, str] = {}
    vessel = _chosen_vessel(request)
    if request.method == "POST" and vessel is not None:
        people = [int(v) for v in request.POST.getlist("people") if v.isdigit() and len(v) < 18]
        try:
            added = do_add_crewmates(case, request.user, vessel, people, request=request)
        except CaseInvalid as exc:
            errors = exc.errors
        except CaseRefused as exc:
            messages.error(request, exc.message)
            return redirect("rights:work_case", pk=case.pk)
        else:
            messages.success(
                request, _("已添加 %(n)d 位船员,他们确认后才算共同申请人。") % {"n": added}
            )
            return redirect("rights:work_case", pk=case.pk)
    elif request.method == "POST":
        errors = {"vessel": _("请先选择船舶。")}
    query = request.GET.get("q", case.details.get("vessel_name", ""))[:80].strip()
    is_owner = case.owner_id == request.user.pk and case.is_open and is_crew_case(case)
    rows = _crew_rows(case, vessel) if vessel is not None and is_owner else []
    if rows:
        record_read(
            request.user,
            "rights.crew_read",
            target=case,
            purpose=PURPOSE,
            request=request,
            detail={"vessel": vessel.pk if vessel else None},
        )
    context = {
        "case": case,
        "category": get_category(case.category),
        "is_owner": is_owner,
        "query": query,
        "vessels": _vessels(query) if is_owner else [],
        "vessel": vessel,
        "rows": rows,
        "errors": errors,
    }
    return render(request, "rights/work_crew.html", context, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
@seafarer_required
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A crewmate added by the legal worker confirms (amount, consent) or declines."""
    pending = get_pending_claim(request.user, pk)
    values = {"amount": "", "currency": "CNY"}
    errors: dict[str, str] = {}
    if request.method == "POST" and request.POST.get("action") == "decline":
        do_decline_claim(pending, request.user, request=request)
        messages.success(request, _("您没有加入这个案件。"))
        return redirect("rights:home")
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ("amount", "currency")}
        try:
            do_confirm_claim(
                pending,
                request.user,
                consent=request.POST.get("consent") == "1",
                request=request,
                **values,
            )
        except CaseInvalid as exc:
            errors = exc.errors
        else:
            messages.success(request, _("您已加入这个案件,法律工作者会一并处理。"))
            return redirect("rights:case", pk=pending.case_id)
    case = pending.case
    category = get_category(case.category)
    context = {
        "claim": pending,
        "case": case,
        "category": category,
        "employer": case.details.get("employer", ""),
        "vessel_name": case.details.get("vessel_name", ""),
        "values": values,
        "errors": errors,
        "currencies": currency_choices(),
    }
    return render(request, "rights/claim.html", context, status=400 if errors else 200)
