"""The legal workers' side: the queue (urgent first, then age) and a case's page with the
forms that work it — claim, assign to a law firm, timeline entries, status changes. Every
read of a case or the queue is audited. A case the worker may not open is 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.accounts.models import User
from seafarers_home.audit.reads import record_read
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.organisations.models import Organisation
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_legal_worker
from seafarers_home.rights.access import (
    cases_for_worker,
    get_case_for_worker,
    is_union_rights_officer,
)
from seafarers_home.rights.actions.legal_aid import lawyers
from seafarers_home.rights.actions.working import (
    WORKER_ENTRY_KINDS,
    CaseRefused,
    do_add_entry,
    do_assign_law_firm,
    do_change_status,
    do_claim_case,
)
from seafarers_home.rights.categories import (
    all_categories,
    currencies,
    display_details,
    get_category,
    review_note,
)
from seafarers_home.rights.crew import totals
from seafarers_home.rights.deadlines import deadlines_for
from seafarers_home.rights.models import (
    FINAL_STATUSES,
    CaseEntry,
    LegalAidApplication,
    Referral,
    RightsCase,
)
from seafarers_home.rights.reporting import MESSAGE_MAX_LENGTH, PURPOSE, CaseInvalid
from seafarers_home.rights.transitions import allowed_from
from seafarers_home.triage.service import result_for_codes

QUEUE_LIMIT = 50
FINISHED_SHOWN = 20


@require_GET
@role_required(is_legal_worker)
def queue(request: HttpRequest) -> HttpResponse:
    cases = cases_for_worker(request.user)
    ordered = (
        cases.exclude(status__in=FINAL_STATUSES)
        .select_related("law_firm")
        .order_by("-urgent", "submitted_at", "pk")
    )
    waiting, waiting_hidden = _section(ordered.filter(owner__isnull=True))
    mine, mine_hidden = _section(ordered.filter(owner=request.user))
    others, others_hidden = [], 0
    if is_union_rights_officer(request.user):
        others, others_hidden = _section(
            ordered.filter(owner__isnull=False).exclude(owner=request.user).select_related("owner")
        )
    # A worker's own finished cases stay within reach (a question after the outcome, a report).
    finished = list(
        cases.filter(status__in=FINAL_STATUSES, owner=request.user)
        .select_related("law_firm")
        .order_by("-closed_at", "-pk")[:FINISHED_SHOWN]
    )
    record_read(
        request.user,
        "rights.queue",
        purpose=PURPOSE,
        request=request,
        detail={"cases": [c.pk for c in waiting + mine + others + finished]},
    )
    context = {
        "waiting": waiting,
        "mine": mine,
        "others": others,
        "finished": finished,
        "hidden": {"waiting": waiting_hidden, "mine": mine_hidden, "others": others_hidden},
        "limit": QUEUE_LIMIT,
        "labels": _category_labels(),
    }
    return render(request, "rights/work_queue.html", context)


def _section(rows: QuerySet[RightsCase]) -> tuple[list[RightsCase], int]:
    """The first QUEUE_LIMIT rows, and how many more there are (said under the table, so
    that a long queue is not silently cut)."""
    shown = list(rows[: QUEUE_LIMIT + 1])
    if len(shown) <= QUEUE_LIMIT:
        return shown, 0
    return shown[:QUEUE_LIMIT], rows.count() - QUEUE_LIMIT


def _category_labels() -> dict[str, str]:
    return {c.code: c.label for c in all_categories()}


def _context(case: RightsCase, user: User, errors: dict[str, str] | None = None) -> dict:
    category = get_category(case.category)
    officer = is_union_rights_officer(user)
    return {
        "case": case,
        "category": category,
        "details": display_details(category, case.details) if category else [],
        "deadlines": deadlines_for(category, case.details),
        "review_note": review_note(),
        "entries": list(case.entries.select_related("author")),
        "evidence": list(case.evidence.defer("content")),
        "is_owner": case.owner_id == user.pk,
        "is_open": case.is_open,
        "officer": officer,
        "law_firms": list(Organisation.objects.filter(kind=Organisation.Kind.LAW_FIRM))
        if officer
        else [],
        "entry_kinds": [(k.value, k.label) for k in WORKER_ENTRY_KINDS],
        "targets": allowed_from(case.status),
        "referrals": Referral.choices,
        "currencies": currencies(),
        "message_max": MESSAGE_MAX_LENGTH,
        "key": uuid.uuid4().hex,
        "errors": errors or {},
        "labels": _category_labels(),
        "claimants": list(case.claimants.select_related("seafarer")),
        "totals": totals(case) if category and category.crew else [],
        "crisis": result_for_codes(list(case.red_flags)).crisis,
        "application": LegalAidApplication.objects.filter(case=case).first(),
        "lawyers": lawyers() if officer else [],
        "decisions": [
            (d.value, d.label)
            for d in LegalAidApplication.Decision
            if d != LegalAidApplication.Decision.PENDING
        ],
    }


def render_work_case(
    request: HttpRequest, case: RightsCase, errors: dict[str, str] | None = None
) -> Any:
    """The case's working page (its read audited), with the errors of a refused form."""
    record_read(request.user, "rights.case_read", target=case, purpose=PURPOSE, request=request)
    return render(
        request,
        "rights/work_case.html",
        _context(case, request.user, errors),
        status=400 if errors else 200,
    )


@require_GET
@role_required(is_legal_worker)
def work_case(request: HttpRequest, pk: int) -> HttpResponse:
    return render_work_case(request, get_case_for_worker(request.user, pk))


def _refused(request: HttpRequest, case: RightsCase, exc: CaseRefused) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect("rights:work_case", pk=case.pk)


@require_POST
@role_required(is_legal_worker)
def claim(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_worker(request.user, pk)
    try:
        do_claim_case(case, request.user, request=request)
    except CaseRefused as exc:
        return _refused(request, case, exc)
    messages.success(request, _("已认领,您现在负责这个案件。"))
    return redirect("rights:work_case", pk=case.pk)


@require_POST
@role_required(is_legal_worker)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_worker(request.user, pk)
    firm_id = request.POST.get("law_firm", "")
    firm = Organisation.objects.filter(
        pk=int(firm_id) if firm_id.isdigit() else 0, kind=Organisation.Kind.LAW_FIRM
    ).first()
    if firm is None:
        return render_work_case(request, case, {"law_firm": _("请选择合作律师事务所。")})
    try:
        do_assign_law_firm(case, request.user, firm, request=request)
    except CaseRefused as exc:
        return _refused(request, case, exc)
    messages.success(request, _("已指派给 %(firm)s。") % {"firm": firm.name})
    return redirect("rights:work_case", pk=case.pk)


@require_POST
@role_required(is_legal_worker)
def add_entry(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_worker(request.user, pk)
    try:
        entry = do_add_entry(
            case,
            request.user,
            kind=request.POST.get("kind", ""),
            body=request.POST.get("body", ""),
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except CaseInvalid as exc:
        return render_work_case(request, case, exc.errors)
    except CaseRefused as exc:
        return _refused(request, case, exc)
    except IdempotencyConflict:
        messages.warning(request, str(FORM_CONFLICT_MESSAGE))
        return redirect("rights:work_case", pk=case.pk)
    if entry.kind == CaseEntry.Kind.MESSAGE:
        messages.success(request, _("消息已发送给海员。"))
    else:
        messages.success(request, _("记录已保存。"))
    return redirect("rights:work_case", pk=case.pk)


@require_POST
@role_required(is_legal_worker)
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for_worker(request.user, pk)
    try:
        do_change_status(
            case,
            request.user,
            request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
            amount=request.POST.get("amount", ""),
            currency=request.POST.get("currency", ""),
            referral=request.POST.get("referral", ""),
            request=request,
        )
    except CaseInvalid as exc:
        return render_work_case(request, case, exc.errors)
    except CaseRefused as exc:
        return _refused(request, case, exc)
    messages.success(request, _("案件状态已更新,海员会收到通知。"))
    return redirect("rights:work_case", pk=case.pk)
