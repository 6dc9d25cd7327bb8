"""The union's side of 企业招聘: the review queue (staff see the company's verification and its
past postings, and which terms changed since the last approval), and companies' right to post."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.jobs.access import get_posting_for_review
from seafarers_home.jobs.actions.posting import (
    do_review_posting,
    do_set_company_standing,
    standing_of,
    terms_of,
)
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.forms import ReviewForm, StandingForm
from seafarers_home.jobs.models import CompanyStanding, Posting
from seafarers_home.jobs.stats import job_statistics
from seafarers_home.jobs.terms_display import label_of, terms_rows
from seafarers_home.organisations.models import Organisation
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_union_staff


@require_GET
@role_required(is_union_staff)
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    pending = Posting.objects.filter(status=Posting.Status.PENDING).select_related("company")
    # Only postings with a report still open (``reports__handled_at__isnull`` alone also
    # matched postings with no report at all, through the outer join).
    open_report = Q(reports__isnull=False, reports__handled_at__isnull=True)
    reported = (
        Posting.objects.annotate(open_reports=Count("reports", filter=open_report))
        .filter(open_reports__gt=0)
        .select_related("company")
        .order_by("-open_reports", "pk")[:50]
    )
    context = {"postings": pending.order_by("updated_at"), "reported": reported}
    return render(request, "jobs/review_queue.html", context)


def _review_context(posting: Posting) -> dict[str, object]:
    last = posting.versions.order_by("-number").first()
    now = terms_of(posting)
    changed = [k for k, v in now.items() if last and last.terms.get(k) != v]
    past = Posting.objects.filter(company=posting.company).exclude(pk=posting.pk)
    return {
        "posting": posting,
        "standing": standing_of(posting.company),
        "past": past.order_by("-created_at")[:20],
        "reports": posting.reports.order_by("-created_at")[:50],
        "last": last,
        "changed_labels": sorted({label_of(field) for field in changed}),
        "terms_rows": terms_rows(now),
    }


@require_http_methods(["GET", "POST"])
@role_required(is_union_staff)
def review_posting(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_posting_for_review(request.user, pk)
    if request.method == "GET":
        return render(request, "jobs/review.html", _review_context(posting))
    form = ReviewForm(request.POST)
    context = _review_context(posting)
    if not form.is_valid():
        context["refusal"] = _("请选择通过或不通过。")
        return render(request, "jobs/review.html", context, status=400)
    try:
        do_review_posting(
            request.user,
            posting,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            request=request,
        )
    except (Refused, JobInvalid) as exc:
        context["refusal"] = (
            exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        )
        return render(request, "jobs/review.html", context, status=400)
    messages.success(request, _("审核结果已保存。"))
    return redirect("jobs:review_queue")


@require_GET
@role_required(is_union_staff)
def companies(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = Organisation.objects.filter(kind=Organisation.Kind.COMPANY).order_by("name")[:200]
    standings = {s.company_id: s for s in CompanyStanding.objects.filter(company__in=rows)}
    table = [(company, standings.get(company.pk)) for company in rows]
    return render(request, "jobs/companies.html", {"rows": table})


@require_POST
@role_required(is_union_staff)
def company_standing(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    company = Organisation.objects.filter(pk=pk, kind=Organisation.Kind.COMPANY).first()
    if company is None:
        raise Http404
    form = StandingForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("原因不能超过 300 个字。"))
        return redirect("jobs:companies")
    try:
        do_set_company_standing(request.user, company, request=request, **form.cleaned_data)
    except (Refused, JobInvalid) as exc:
        text = exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        messages.warning(request, text)
    else:
        messages.success(request, _("已保存。"))
    return redirect("jobs:companies")


@require_GET
@role_required(is_union_staff)
def stats(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "jobs/stats.html", job_statistics())
