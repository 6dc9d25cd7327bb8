"""The seafarer's side of 维权保障: the start page, choosing a category, the report form
(draft or submit, with evidence), the case with its timeline and a reply form, and the
evidence files. No JavaScript: plain forms with a hidden idempotency key per render."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.core.crisis_help import maritime_numbers
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.permissions.roles import is_legal_worker, is_seafarer
from seafarers_home.rights.access import (
    get_case_for_seafarer,
    get_evidence_for_user,
    get_own_case,
    sees_rights_statistics,
)
from seafarers_home.rights.actions.crew import do_join_crew_case
from seafarers_home.rights.actions.reporting import (
    do_add_evidence,
    do_post_seafarer_message,
    do_save_draft,
    do_submit_case,
)
from seafarers_home.rights.categories import all_categories, display_details, get_category
from seafarers_home.rights.crew import cases_of_seafarer, pending_claims, totals
from seafarers_home.rights.deadlines import deadlines_for
from seafarers_home.rights.evidence import MAX_FILES_PER_UPLOAD
from seafarers_home.rights.forms import currency_choices, field_rows, posted_values
from seafarers_home.rights.models import CaseEntry, RightsCase, Status
from seafarers_home.rights.reporting import (
    DESCRIPTION_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    PURPOSE,
    SUMMARY_MAX_LENGTH,
    CaseInvalid,
)
from seafarers_home.rights.transitions import SEAFARER_MEANING
from seafarers_home.triage.service import result_for_codes


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The scene's start page: a seafarer's cases and the way to report one; a legal worker's
    way to the queue; for anyone else what the service is (never a case, not even a count)."""
    cases: list[RightsCase] = []
    pending: list[Any] = []
    if is_seafarer(request.user):
        cases = list(cases_of_seafarer(request.user).order_by("-updated_at"))
        pending = list(pending_claims(request.user))
    return render(
        request,
        "rights/home.html",
        {
            "is_seafarer": is_seafarer(request.user),
            "is_legal_worker": is_legal_worker(request.user),
            "sees_statistics": sees_rights_statistics(request.user),
            "cases": cases,
            "pending": pending,
            "categories": all_categories(),
        },
    )


@require_GET
@seafarer_required
def choose(request: HttpRequest) -> HttpResponse:
    return render(request, "rights/choose.html", {"categories": all_categories()})


def _report_context(
    category: Any, values: dict[str, str], errors: dict[str, str], draft: RightsCase | None
) -> dict[str, Any]:
    return {
        "category": category,
        "rows": field_rows(category, values, errors),
        "currencies": currency_choices(),
        "values": values,
        "errors": errors,
        "draft": draft,
        "draft_files": draft.evidence.count() if draft else 0,
        "summary_max": SUMMARY_MAX_LENGTH,
        "description_max": DESCRIPTION_MAX_LENGTH,
        "max_files": MAX_FILES_PER_UPLOAD,
        "key": uuid.uuid4().hex,
        **maritime_numbers(),
    }


@require_http_methods(["GET", "POST"])
@seafarer_required
def report(request: HttpRequest, code: str) -> HttpResponse:
    category = get_category(code)
    if category is None:
        raise Http404
    draft = RightsCase.objects.filter(
        seafarer=request.user, category=code, status=Status.DRAFT
    ).first()
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = posted_values(request.POST)
        values.update(
            summary=request.POST.get("summary", ""),
            description=request.POST.get("description", ""),
        )
        arguments = {
            "category": code,
            "summary": values["summary"],
            "description": values["description"],
            "values": values,
            "files": request.FILES.getlist("files"),
            "request": request,
        }
        try:
            if request.POST.get("action") == "draft":
                do_save_draft(request.user, **arguments)
                messages.success(request, _("草稿已保存。下次打开这个类别时可以接着填写。"))
                return redirect("rights:report", code=code)
            case = do_submit_case(
                request.user, idempotency_key=request.POST.get("key", ""), **arguments
            )
            messages.success(request, _("案件已提交,工会的法律工作者会尽快联系您。"))
            return redirect("rights:case", pk=case.pk)
        except CaseInvalid as exc:
            errors = exc.errors
        except IdempotencyConflict:
            messages.warning(request, str(FORM_CONFLICT_MESSAGE))
    else:
        values = dict(draft.details) if draft else {}
        if draft:
            values.update(summary=draft.summary, description=draft.description)
    context = _report_context(category, values, errors, draft)
    if errors:
        # A browser cannot keep chosen files across the answer: say so at the file field, or
        # a corrected form would go in without its evidence.
        context["files_not_kept"] = len(request.FILES.getlist("files"))
    return render(request, "rights/report.html", context, status=400 if errors else 200)


def _case_context(case: RightsCase, user: Any) -> dict[str, Any]:
    """The case as ``user`` sees it: the opener all of it; a crewmate who joined the status,
    the legal workers' messages and their own claim and messages (crew.py)."""
    category = get_category(case.category)
    opener = case.seafarer_id == user.pk
    entries = [
        e
        for e in case.entries.select_related("author")
        if e.visible_to_seafarer
        and (e.kind != CaseEntry.Kind.SEAFARER_MESSAGE or e.author_id == user.pk)
    ]
    return {
        "case": case,
        "opener": opener,
        "claim": None if opener else case.claimants.filter(seafarer=user).first(),
        "category": category,
        "details": display_details(category, case.details) if category and opener else [],
        "deadlines": deadlines_for(category, case.details),
        "entries": entries,
        "evidence": list(case.evidence.defer("content")) if opener else [],
        "totals": totals(case) if category and category.crew else [],
        # Their own words only: a crewmate does not see what the opener wrote, nor its flags.
        "crisis": opener and result_for_codes(list(case.red_flags)).crisis,
        "meaning": SEAFARER_MEANING.get(case.status, ""),
        "message_max": MESSAGE_MAX_LENGTH,
        "max_files": MAX_FILES_PER_UPLOAD,
        "key": uuid.uuid4().hex,
        "errors": {},
        **maritime_numbers(),
    }


@require_GET
@seafarer_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_case_for_seafarer(request.user, pk)
    if found.status == Status.DRAFT:
        return redirect("rights:report", code=found.category)
    return render(request, "rights/case.html", _case_context(found, request.user))


@require_POST
@seafarer_required
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_case_for_seafarer(request.user, pk)
    body = request.POST.get("body", "")
    try:
        do_post_seafarer_message(
            found, request.user, body, idempotency_key=request.POST.get("key", ""), request=request
        )
    except CaseInvalid as exc:
        context = _case_context(found, request.user)
        context.update(errors=exc.errors, body=body)
        return render(request, "rights/case.html", context, status=400)
    except IdempotencyConflict:
        messages.warning(request, str(FORM_CONFLICT_MESSAGE))
        return redirect("rights:case", pk=found.pk)
    messages.success(request, _("留言已发送。"))
    return redirect("rights:case", pk=found.pk)


@require_POST
@seafarer_required
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_own_case(request.user, pk)
    try:
        stored = do_add_evidence(
            found, request.user, request.FILES.getlist("files"), request=request
        )
    except CaseInvalid as exc:
        context = _case_context(found, request.user)
        context.update(errors=exc.errors)
        return render(request, "rights/case.html", context, status=400)
    messages.success(request, _("已上传 %(n)d 个文件。") % {"n": stored})
    return redirect("rights:case", pk=found.pk)


@require_http_methods(["GET", "POST"])
@seafarer_required
def join(request: HttpRequest) -> HttpResponse:
    """A crewmate joins a crew case with the code the first claimant passed on."""
    values = {"code": request.GET.get("code", ""), "currency": "CNY"}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "") for name in ("code", "amount", "currency")}
        try:
            claim = do_join_crew_case(
                request.user, consent=request.POST.get("consent") == "1", request=request, **values
            )
        except CaseInvalid as exc:
            errors = exc.errors
        else:
            messages.success(request, _("您已加入这个案件,法律工作者会一并处理。"))
            return redirect("rights:case", pk=claim.case_id)
    context = {"values": values, "errors": errors, "currencies": currency_choices()}
    return render(request, "rights/join.html", context, status=400 if errors else 200)


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    """A photo or PDF of a case, for its seafarer or a legal worker who may open the case
    (whose read is audited). Private: no shared cache keeps it; a PDF is downloaded, never
    shown inline in the site's origin."""
    item = get_evidence_for_user(request.user, pk, evidence_pk)
    if item.case.seafarer_id != request.user.pk:
        record_read(
            request.user,
            "rights.evidence_read",
            target=item.case,
            purpose=PURPOSE,
            request=request,
            detail={"evidence": item.pk},
        )
    pdf = item.kind == "pdf"
    response = HttpResponse(
        bytes(item.content), content_type="application/pdf" if pdf else "image/jpeg"
    )
    name = f"case-{item.case.pk}-{item.pk}.{'pdf' if pdf else 'jpg'}"
    response["Content-Disposition"] = f'{"attachment" if pdf else "inline"}; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
