"""The seafarer's side of 培训报名: upcoming sessions with free seats, a session with its
prerequisites checked against the seafarer's wallet, applying (idempotent, documents as
photos, no JavaScript), their applications, withdrawing, and their own documents."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.validity import today_for
from seafarers_home.core.idempotency import IdempotencyConflict
from seafarers_home.courses.access import (
    get_document_for_user,
    get_own_application,
    get_published_session,
)
from seafarers_home.courses.actions.applying import MAX_DOCUMENTS, do_apply, do_withdraw_application
from seafarers_home.courses.actions.offers import do_confirm_seat
from seafarers_home.courses.errors import CourseInvalid, Refused
from seafarers_home.courses.models import Application, CourseSession
from seafarers_home.courses.prerequisites import requirements_for
from seafarers_home.courses.seats import seat_counts
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_seafarer, is_signed_in

LIST_LIMIT = 50


@require_GET
@role_required(is_signed_in)
def session_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = today_for(request.user)
    sessions = list(
        CourseSession.objects.filter(starts_on__gt=today, cancelled_at__isnull=True)
        .select_related("course__provider")
        .order_by("starts_on", "pk")[:LIST_LIMIT]
    )
    counts = seat_counts(sessions)
    rows = [(session, counts[session.pk]) for session in sessions]
    return render(request, "courses/list.html", {"rows": rows})


def _session_context(
    request: AuthenticatedHttpRequest, session: CourseSession
) -> dict[str, object]:
    counts = seat_counts([session])[session.pk]
    context: dict[str, object] = {
        "session": session,
        "counts": counts,
        "free": max(0, session.seats - counts.taken),
        "max_documents": MAX_DOCUMENTS,
        "key": uuid.uuid4().hex,
        "is_seafarer": is_seafarer(request.user),
        "open": session.cancelled_at is None and today_for(request.user) < session.starts_on,
        "prerequisite_names": [kind_name(code) for code in session.prerequisites],
    }
    if is_seafarer(request.user):
        requirements = requirements_for(request.user, session)
        context["requirements"] = requirements
        context["missing"] = [item for item in requirements if not item.met]
        context["application"] = (
            Application.objects.filter(session=session, seafarer=request.user)
            .order_by("-created_at", "-pk")
            .first()
        )
    return context


@require_GET
@role_required(is_signed_in)
def session_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_published_session(pk)
    return render(request, "courses/session.html", _session_context(request, session))


@require_POST
@seafarer_required
def apply(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_published_session(pk)
    try:
        application = do_apply(
            request.user,
            session,
            note=request.POST.get("note", ""),
            documents=request.FILES.getlist("documents"),
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except (Refused, CourseInvalid) as exc:
        context = _session_context(request, session)
        if isinstance(exc, Refused):
            context["refusal"] = exc.message
        else:
            context["errors"] = exc.errors
        context["note"] = request.POST.get("note", "")
        return render(request, "courses/session.html", context, status=400)
    except IdempotencyConflict:
        messages.warning(request, _("这份报名表已经提交过,内容与这次不同。请查看我的培训报名。"))
        return redirect("courses:mine")
    messages.success(request, _("报名已提交,培训机构审核后会通知您。"))
    return redirect(reverse("courses:mine") + f"#a{application.pk}")


@require_GET
@seafarer_required
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    applications = (
        Application.objects.filter(seafarer=request.user)
        .select_related("session__course__provider")
        .order_by("-created_at", "-pk")
    )
    return render(request, "courses/mine.html", {"applications": applications})


@require_POST
@seafarer_required
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_own_application(request.user, pk)
    try:
        do_withdraw_application(application, request.user, request=request)
    except Refused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("报名已取消。"))
    return redirect("courses:mine")


@require_POST
@seafarer_required
def confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Take the seat offered from the waiting list (a plain form, no JavaScript)."""
    application = get_own_application(request.user, pk)
    try:
        do_confirm_seat(application, request.user, request=request)
    except Refused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("已确认名额,请按时参加培训。"))
    return redirect(reverse("courses:mine") + f"#a{application.pk}")


@require_GET
@role_required(is_signed_in)
def document(request: AuthenticatedHttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A document photo, for its applicant or the provider's officers; private."""
    found = get_document_for_user(request.user, pk, document_pk)
    response = HttpResponse(bytes(found.image), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
