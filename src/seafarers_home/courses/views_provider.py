"""The training officer's side: their providers' courses and sessions, publishing both, the
applicants of a session (with the certificates they shared and their documents), decisions
and attendance. Another provider's course, session or applicant answers 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.validity import today_for
from seafarers_home.core.form_errors import add_errors
from seafarers_home.courses.access import (
    get_application_for_officer,
    get_course_for_officer,
    get_session_for_officer,
    officer_providers,
)
from seafarers_home.courses.actions.deciding import do_decide_application, do_record_attendance
from seafarers_home.courses.actions.publishing import (
    do_cancel_session,
    do_create_course,
    do_create_session,
    session_errors,
)
from seafarers_home.courses.errors import CourseInvalid, Refused
from seafarers_home.courses.forms import AttendanceForm, CourseForm, DecisionForm, SessionForm
from seafarers_home.courses.models import Application, Course, CourseSession
from seafarers_home.courses.seats import seat_counts
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_training_officer

if TYPE_CHECKING:
    pass


@require_GET
@role_required(is_training_officer)
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    providers = officer_providers(request.user)
    courses = list(
        Course.objects.filter(provider__in=providers)
        .select_related("provider")
        .prefetch_related("sessions")
        .order_by("title", "pk")
    )
    sessions = [session for course in courses for session in course.sessions.all()]
    counts = seat_counts(sessions)
    for session in sessions:
        session.seat_counts = counts[session.pk]
    return render(request, "courses/manage.html", {"courses": courses, "providers": providers})


@require_http_methods(["GET", "POST"])
@role_required(is_training_officer)
def course_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    providers = officer_providers(request.user)
    if not providers:
        raise Http404
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_create_course(request.user, providers[0], **form.cleaned_data, request=request)
        except CourseInvalid as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, _("课程已发布,请添加班次。"))
            return redirect("courses:manage")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("发布课程"), "provider": providers[0]}
    return render(request, "courses/form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(is_training_officer)
def session_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    course = get_course_for_officer(request.user, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_create_session(request.user, course, **form.cleaned_data, request=request)
        except CourseInvalid as exc:
            add_errors(form, exc.errors)
        else:
            messages.success(request, _("班次已发布。"))
            return redirect("courses:manage")
    elif request.method == "POST":
        # The rules between fields on the same page as the form's own errors: one round.
        between = session_errors(request.user, form.cleaned_data, partial=True)
        add_errors(form, between, beside_own=True)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("添加班次:%(course)s") % {"course": course.title}}
    return render(request, "courses/form.html", context, status=status)


def _applicants_context(
    request: AuthenticatedHttpRequest, session: CourseSession
) -> dict[str, object]:
    applications = list(
        session.applications.select_related("seafarer", "certificate")
        .prefetch_related("documents")
        .order_by("created_at", "pk")
    )
    for application in applications:
        application.shared = [
            {**item, "name": kind_name(item["kind"])} for item in application.shared_certificates
        ]
    return {
        "session": session,
        "applications": applications,
        "counts": seat_counts([session])[session.pk],
        "prerequisites": [kind_name(code) for code in session.prerequisites],
        # Completion or absence is recorded from the first day (the action refuses before).
        "begun": today_for(request.user) >= session.starts_on,
    }


@require_GET
@role_required(is_training_officer)
def applicants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_officer(request.user, pk)
    return render(request, "courses/applicants.html", _applicants_context(request, session))


@require_POST
@role_required(is_training_officer)
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_officer(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择录取或不录取。"))
        return redirect("courses:applicants", pk=application.session_id)
    try:
        decided = do_decide_application(
            application,
            request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except CourseInvalid as exc:
        context = _applicants_context(request, application.session)
        context.update(errors=exc.errors, error_for=application.pk)
        return render(request, "courses/applicants.html", context, status=400)
    except Refused as exc:
        messages.warning(request, exc.message)
    else:
        if decided.status == Application.Status.WAITLISTED:
            # Approved on a full session: on its waiting list, not in a seat; say so.
            messages.warning(
                request,
                _("这个班次已满:已把这位海员列入候补,有名额空出时按顺序递补,并通知了海员。"),
            )
        else:
            messages.success(request, _("已保存决定,并通知了海员。"))
    return redirect("courses:applicants", pk=application.session_id)


@require_POST
@role_required(is_training_officer)
def attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = get_application_for_officer(request.user, pk)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择结业或缺席。"))
        return redirect("courses:applicants", pk=application.session_id)
    try:
        do_record_attendance(
            application,
            request.user,
            completed=form.cleaned_data["outcome"] == "completed",
            request=request,
        )
    except Refused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("已记录,并通知了海员。"))
    return redirect("courses:applicants", pk=application.session_id)


@require_POST
@role_required(is_training_officer)
def session_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_officer(request.user, pk)
    try:
        do_cancel_session(
            request.user, session, reason=request.POST.get("reason", ""), request=request
        )
    except CourseInvalid as exc:
        context = _applicants_context(request, session)
        context.update(cancel_errors=exc.errors)
        return render(request, "courses/applicants.html", context, status=400)
    except Refused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, _("班次已取消,已通知所有报名的海员。"))
    return redirect("courses:applicants", pk=session.pk)
