"""The seafarer's side of 企业招聘: published postings with filters (paginated, no JavaScript),
a posting with its required certificates matched against the wallet, applying with a short
profile and chosen certificates, their applications with the thread, saved searches."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.models import Certificate
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.jobs.access import get_own_application, get_visible_posting
from seafarers_home.jobs.actions.applying import (
    do_apply,
    do_delete_search,
    do_post_message,
    do_save_search,
    do_withdraw_application,
)
from seafarers_home.jobs.actions.posting import terms_of
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.forms import ApplyForm, FilterForm, MessageForm
from seafarers_home.jobs.matching import Filters, apply_filters, certificate_match, open_postings
from seafarers_home.jobs.models import Application, Posting, PostingReport, SavedSearch
from seafarers_home.jobs.terms_display import terms_rows
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_seafarer, is_signed_in

PAGE_SIZE = 20


@require_GET
@role_required(is_signed_in)
def posting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = Filters()
    if form.is_bound and form.is_valid():
        filters = Filters(**form.cleaned_data)
    postings = apply_filters(open_postings(request.user), filters).order_by("joining_on", "pk")
    page = Paginator(postings, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in request.GET.items() if k != "page" and v})
    context = {
        "form": form,
        "page": page,
        "query": query,
        "can_save": is_seafarer(request.user) and bool(query),
        "filters": filters,
        "is_seafarer": is_seafarer(request.user),
    }
    return render(request, "jobs/list.html", context, status=400 if form.errors else 200)


def _posting_context(request: AuthenticatedHttpRequest, posting: Posting) -> dict[str, object]:
    context: dict[str, object] = {
        "posting": posting,
        "required_names": [kind_name(code) for code in posting.required_kinds],
        "terms_rows": terms_rows(terms_of(posting)),
        "key": uuid.uuid4().hex,
        "is_seafarer": is_seafarer(request.user),
    }
    if is_seafarer(request.user):
        profile = SeafarerProfile.objects.filter(user=request.user).first()
        context["match"] = certificate_match(request.user, posting)
        context["certificates"] = [
            (c, kind_name(c.kind))
            for c in Certificate.objects.filter(seafarer=request.user).defer("photo")
        ]
        context["application"] = Application.objects.filter(
            posting=posting, seafarer=request.user, status__in=Application.ACTIVE
        ).first()
        context["apply_form"] = ApplyForm(
            initial={
                "name": profile.real_name if profile else "",
                "rank": profile.rank if profile else posting.rank,
            }
        )
        context["open"] = posting.status == Posting.Status.APPROVED
        context["report_reasons"] = PostingReport.Reason.choices
    return context


@require_GET
@role_required(is_signed_in)
def posting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_visible_posting(request.user, pk)
    return render(request, "jobs/posting.html", _posting_context(request, posting))


@require_POST
@seafarer_required
def apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    posting = get_visible_posting(request.user, pk)
    form = ApplyForm(request.POST)
    context = _posting_context(request, posting)
    if not form.is_valid():
        context["apply_form"] = form
        return render(request, "jobs/posting.html", context, status=400)
    ids = [int(v) for v in request.POST.getlist("certificates") if v.isdigit()]
    try:
        application = do_apply(
            request.user,
            posting,
            certificate_ids=ids,
            idempotency_key=request.POST.get("key", ""),
            request=request,
            **form.cleaned_data,
        )
    except (Refused, JobInvalid) as exc:
        context["apply_form"] = form
        context["refusal"] = (
            exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        )
        return render(request, "jobs/posting.html", context, status=400)
    except IdempotencyConflict:
        messages.warning(request, _("这份投递已经提交过。请查看我的投递。"))
        return redirect("jobs:mine")
    messages.success(request, _("投递已提交,企业查看后会通知您。"))
    return redirect("jobs:application", pk=application.pk)


@require_GET
@seafarer_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = (
        Application.objects.filter(seafarer=request.user)
        .select_related("posting__company")
        .order_by("-created_at", "-pk")
    )
    searches = SavedSearch.objects.filter(seafarer=request.user)
    return render(request, "jobs/mine.html", {"applications": applications, "searches": searches})


@require_GET
@seafarer_required
def application(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_own_application(request.user, pk)
    context = {
        "application": found,
        "terms_rows": terms_rows(found.version.terms),
        "thread": found.messages.all(),
        "key": uuid.uuid4().hex,
        "shared": [(item, kind_name(item["kind"])) for item in found.shared_certificates],
    }
    return render(request, "jobs/application.html", context)


@require_POST
@seafarer_required
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_own_application(request.user, pk)
    try:
        do_withdraw_application(request.user, found, request=request)
    except Refused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("投递已撤回。"))
    return redirect("jobs:application", pk=found.pk)


@require_POST
@seafarer_required
def message(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    found = get_own_application(request.user, pk)
    form = MessageForm(request.POST)
    try:
        body = form.data.get("body", "")
        do_post_message(
            request.user,
            found,
            body,
            from_company=False,
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except (Refused, JobInvalid) as exc:
        text = exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        messages.warning(request, text)
    return redirect(reverse("jobs:application", kwargs={"pk": found.pk}) + "#thread")


@require_POST
@seafarer_required
def search_save(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FilterForm(request.POST)
    if not form.is_valid():
        messages.warning(request, _("订阅条件无效。"))
        return redirect("jobs:list")
    data = form.cleaned_data
    try:
        do_save_search(
            request.user,
            rank=data["rank"],
            vessel_type=data["vessel_type"],
            area=data["area"],
            wage_from=data["wage_from"],
            request=request,
        )
    except (Refused, JobInvalid) as exc:
        text = exc.message if isinstance(exc, Refused) else " ".join(exc.errors.values())
        messages.warning(request, text)
        return redirect("jobs:list")
    messages.success(request, _("已订阅。有符合条件的新岗位发布时会通知您。"))
    return redirect("jobs:mine")


@require_POST
@seafarer_required
def search_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    search = SavedSearch.objects.filter(pk=pk, seafarer=request.user).first()
    if search is None:
        raise Http404
    do_delete_search(request.user, search, request=request)
    messages.success(request, _("订阅已删除。"))
    return redirect("jobs:mine")
