"""Reporting a posting (any seafarer) and suspending one (union staff)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.core.crisis_help import crisis_box_context
from seafarers_home.jobs.access import get_posting_for_review, get_visible_posting
from seafarers_home.jobs.actions.reporting import (
    FEE_CASE_CATEGORY,
    do_report_posting,
    do_start_fee_case,
    do_suspend_posting,
)
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.models import PostingReport
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_union_staff
from seafarers_home.triage.service import triage_text


@require_POST
@seafarer_required
def report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_visible_posting(request.user, pk)
    try:
        found = do_report_posting(
            request.user,
            posting,
            reason=request.POST.get("reason", ""),
            details=request.POST.get("details", ""),
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except JobInvalid as exc:
        messages.warning(request, " ".join(exc.errors.values()))
        return redirect("jobs:posting", pk=posting.pk)
    context = {
        "posting": posting,
        "report": found,
        "fee": found.reason == PostingReport.Reason.FEE,
        "crisis": bool(found.details) and triage_text(found.details).crisis,
        **crisis_box_context(),
    }
    return render(request, "jobs/reported.html", context)


@require_POST
@seafarer_required
def fee_case(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Open the rights report of a recruitment fee with this posting's terms in it; the
    seafarer completes and submits it on the rights form."""
    posting = get_visible_posting(request.user, pk)
    do_start_fee_case(request.user, posting, request=request)
    return redirect("rights:report", code=FEE_CASE_CATEGORY)


@require_POST
@role_required(is_union_staff)
def suspend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_posting_for_review(request.user, pk)
    try:
        do_suspend_posting(
            request.user, posting, reason=request.POST.get("note", ""), request=request
        )
    except (Refused, JobInvalid) as exc:
        text = exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        messages.warning(request, text)
    else:
        messages.success(request, _("岗位已暂停。"))
    return redirect("jobs:review", pk=posting.pk)
