"""法律援助 pages: the seafarer's application from their case and the decision notice they
download; the union rights officer's decision (on the case's working page)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.models import User
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_legal_worker
from seafarers_home.rights.access import get_case_for_worker, get_own_case
from seafarers_home.rights.actions.legal_aid import do_apply_for_legal_aid, do_decide_legal_aid
from seafarers_home.rights.actions.working import CaseRefused
from seafarers_home.rights.categories import get_category
from seafarers_home.rights.models import LegalAidApplication, RightsCase, Status
from seafarers_home.rights.reporting import CaseInvalid
from seafarers_home.rights.views_work import render_work_case

FIELDS = ("hardship", "employer_reachable", "monthly_income", "statement")


def _application(case: RightsCase) -> LegalAidApplication | None:
    return LegalAidApplication.objects.filter(case=case).select_related("lawyer").first()


@require_http_methods(["GET", "POST"])
@seafarer_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_own_case(request.user, pk)
    if case.status == Status.DRAFT:
        raise Http404
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in FIELDS}
        try:
            do_apply_for_legal_aid(case, request.user, request=request, **values)
        except CaseInvalid as exc:
            errors = exc.errors
        else:
            messages.success(request, _("法律援助申请已提交,工会会尽快审批。"))
            return redirect("rights:legal_aid", pk=case.pk)
    context = {
        "case": case,
        "application": _application(case),
        "answers": LegalAidApplication.Answer.choices,
        "values": values,
        "errors": errors,
    }
    return render(request, "rights/legal_aid.html", context, status=400 if errors else 200)


@require_GET
@seafarer_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision notice as a small HTML document to keep or print (works offline)."""
    case = get_own_case(request.user, pk)
    application = _application(case)
    if application is None or application.decision == LegalAidApplication.Decision.PENDING:
        raise Http404
    category = get_category(case.category)
    response = render(
        request,
        "rights/legal_aid_notice.html",
        {"case": case, "application": application, "category": category},
    )
    response["Content-Disposition"] = f'attachment; filename="legal-aid-decision-{case.pk}.html"'
    return response


@require_POST
@role_required(is_legal_worker)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_worker(request.user, pk)
    application = _application(case)
    if application is None:
        raise Http404
    lawyer_id = request.POST.get("lawyer", "")
    lawyer = User.objects.filter(pk=int(lawyer_id)).first() if lawyer_id.isdigit() else None
    try:
        do_decide_legal_aid(
            application,
            request.user,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
            lawyer=lawyer,
            request=request,
        )
    except CaseInvalid as exc:
        return render_work_case(request, case, exc.errors)
    except CaseRefused as exc:
        messages.error(request, exc.message)
        return redirect("rights:work_case", pk=case.pk)
    messages.success(request, _("已审批,海员会收到通知。"))
    return redirect("rights:work_case", pk=case.pk)
