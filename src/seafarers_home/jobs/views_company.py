"""The company's side of 企业招聘: its officers post and edit vacancies (only while the union
holds the company verified), see the applications to their own postings (404 for any other
company's), move them along, write in the thread, and export a shortlist as CSV."""

from __future__ import annotations

import csv
import datetime
import io
import uuid

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.audit.reads import record_read
from seafarers_home.certificates.kinds import kind_name
from seafarers_home.core.form_errors import add_errors
from seafarers_home.jobs.access import get_application_for_officer, get_posting_for_officer
from seafarers_home.jobs.actions.applying import MOVES, do_move_application, do_post_message
from seafarers_home.jobs.actions.posting import (
    do_create_posting,
    do_edit_posting,
    standing_of,
    term_errors,
)
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.forms import PostingForm
from seafarers_home.jobs.models import Application, Posting
from seafarers_home.organisations.access import officer_companies
from seafarers_home.organisations.models import Organisation
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_company_officer

SHORTLIST = ("shortlisted", "interview", "offered", "accepted")


def _company(request: AuthenticatedHttpRequest) -> Organisation:
    companies = officer_companies(request.user)
    if not companies:
        raise Http404
    return companies[0]


@require_GET
@role_required(is_company_officer)
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    company = _company(request)
    postings = Posting.objects.filter(company=company).order_by("-created_at", "-pk")[:100]
    context = {"company": company, "postings": postings, "standing": standing_of(company)}
    return render(request, "jobs/manage.html", context)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: PostingForm,
    title: str,
    status: int = 200,
    refusal: str = "",
) -> HttpResponse:
    context = {"form": form, "title": title, "refusal": refusal, "key": uuid.uuid4().hex}
    return render(request, "jobs/form.html", context, status=status)


def _save(
    request: AuthenticatedHttpRequest, form: PostingForm, posting: Posting | None
) -> HttpResponse:
    company = posting.company if posting else _company(request)
    title = _("修改岗位") if posting else _("发布岗位")
    if not form.is_valid():
        # The rules between terms on the same page as the form's own errors: one round.
        between = term_errors(
            request.user,
            company,
            form.terms(),
            no_fee_confirmed=form.cleaned_data.get("no_fee", False),
            partial=True,
        )
        add_errors(form, between, beside_own=True)
        return _form_page(request, form, title, 400)
    try:
        if posting is None:
            posting = do_create_posting(
                request.user,
                company,
                no_fee_confirmed=form.cleaned_data["no_fee"],
                idempotency_key=request.POST.get("key", ""),
                request=request,
                **form.terms(),
            )
            messages.success(request, _("岗位已提交,工会审核通过后发布。"))
        else:
            changed = do_edit_posting(
                request.user,
                posting,
                no_fee_confirmed=form.cleaned_data["no_fee"],
                request=request,
                **form.terms(),
            )
            if changed:
                messages.success(request, _("岗位条件已修改,将重新由工会审核后发布。"))
    except JobInvalid as exc:
        add_errors(form, exc.errors)
        return _form_page(request, form, title, 400)
    except Refused as exc:
        return _form_page(request, form, title, 400, exc.message)
    return redirect("jobs:manage")


@require_http_methods(["GET", "POST"])
@role_required(is_company_officer)
def posting_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    company = _company(request)
    if request.method == "POST":
        return _save(request, PostingForm(request.POST, company=company), None)
    return _form_page(request, PostingForm(company=company), _("发布岗位"))


@require_http_methods(["GET", "POST"])
@role_required(is_company_officer)
def posting_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_posting_for_officer(request.user, pk)
    if request.method == "POST":
        return _save(request, PostingForm(request.POST, company=posting.company), posting)
    initial = {
        field: getattr(posting, field) for field in PostingForm.base_fields if field != "no_fee"
    }
    form = PostingForm(initial=initial, company=posting.company)
    return _form_page(request, form, _("修改岗位"))


@require_GET
@role_required(is_company_officer)
def applicants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_posting_for_officer(request.user, pk)
    rows = posting.applications.order_by("created_at", "pk")
    return render(request, "jobs/applicants.html", {"posting": posting, "applications": rows})


@require_GET
@role_required(is_company_officer)
def officer_application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_application_for_officer(request.user, pk)
    until = found.posting.required_valid_until
    context = {
        "application": found,
        "moves": [(s, Application.Status(s).label) for s in MOVES.get(found.status, ())],
        "thread": found.messages.all(),
        "key": uuid.uuid4().hex,
        "shared": [
            (item, kind_name(item["kind"]), _covers(item, until))
            for item in found.shared_certificates
        ],
        "until": until,
    }
    return render(request, "jobs/officer_application.html", context)


def _covers(certificate: dict[str, str | None], until: datetime.date) -> bool:
    """Whether a shared certificate is still valid on the day the posting needs it until."""
    expires = certificate.get("expires_on")
    return expires is None or expires >= until.isoformat()


@require_POST
@role_required(is_company_officer)
def move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_application_for_officer(request.user, pk)
    try:
        do_move_application(request.user, found, request.POST.get("to", ""), request=request)
    except Refused as exc:
        messages.warning(request, exc.message)
    return redirect("jobs:officer_application", pk=found.pk)


@require_POST
@role_required(is_company_officer)
def officer_message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_application_for_officer(request.user, pk)
    try:
        do_post_message(
            request.user,
            found,
            request.POST.get("body", ""),
            from_company=True,
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except (Refused, JobInvalid) as exc:
        text = exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        messages.warning(request, text)
    return redirect(reverse("jobs:officer_application", kwargs={"pk": found.pk}) + "#thread")


@require_GET
@role_required(is_company_officer)
def export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The shortlist as CSV: the short profile and the shared certificates, nothing else."""
    posting = get_posting_for_officer(request.user, pk)
    rows = posting.applications.filter(status__in=SHORTLIST).order_by("created_at", "pk")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("姓名"), _("职务"), _("海上资历(月)"), _("语言"), _("状态"), _("证书")])
    for row in rows:
        certificates = "; ".join(
            f"{kind_name(c['kind'])} {c['number']} {c['expires_on'] or '-'}"
            for c in row.shared_certificates
        )
        writer.writerow(
            [
                row.name,
                row.get_rank_display(),
                row.sea_service_months,
                row.languages,
                row.get_status_display(),
                certificates,
            ]
        )
    record_read(
        request.user,
        "jobs.export",
        target=posting,
        purpose="job shortlist",
        request=request,
        detail={"rows": len(rows)},
    )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shortlist-{posting.pk}.csv"'
    return response
