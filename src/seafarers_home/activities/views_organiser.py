"""The organiser's pages (union staff; company officers for their own company's crews): their
organisations' activities, publishing one, an activity's sign-ups and waiting list with a tick
to check people in, the door's check-in page (a camera where the browser has BarcodeDetector,
the code typed in everywhere), cancelling, and the attendance CSV."""

from __future__ import annotations

import csv
import io
import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.activities.access import (
    get_organiser_activity,
    is_activity_organiser,
    organiser_activities,
    organiser_organisations,
)
from seafarers_home.activities.actions.attendance import do_check_in
from seafarers_home.activities.actions.publishing import do_cancel_activity, do_publish_activity
from seafarers_home.activities.forms import ActivityForm, CancelActivityForm
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.activities.services import (
    PURPOSE,
    SignUpRefused,
    listed_places,
    places,
    with_places,
)
from seafarers_home.audit.reads import record_read
from seafarers_home.lib.zones import format_time
from seafarers_home.permissions.decorators import role_required

organiser_required = role_required(is_activity_organiser)


@require_GET
@organiser_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    activities = with_places(organiser_activities(request.user)).order_by("-starts_at", "-pk")
    rows = [{"activity": a, "places": listed_places(a)} for a in activities[:100]]
    return render(request, "activities/manage.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
@organiser_required
def new(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisation = organiser_organisations(request.user)[0]
    company = organisation.company
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, company=company)
        if form.is_valid():
            activity, _created = do_publish_activity(
                request.user,
                organisation,
                form.details(),
                picture=form.reencoded,
                idempotency_key=request.POST.get("key", ""),
                request=request,
            )
            messages.success(request, _("活动已发布。"))
            return redirect("activities:manage_detail", pk=activity.pk)
        status = 400
    else:
        form = ActivityForm(company=company)
        status = 200
    context = {"form": form, "organisation": organisation, "key": uuid.uuid4().hex}
    return render(request, "activities/new.html", context, status=status)


def _manage_context(activity: Activity) -> dict:
    signups = list(
        activity.signups.filter(status__in=SignUp.ACTIVE)
        .select_related("seafarer__seafarer_profile")
        .order_by("waiting_since", "created_at", "pk")
    )
    return {
        "activity": activity,
        "places": places(activity),
        "holding": [s for s in signups if s.status != SignUp.Status.WAITING],
        "waiting": [s for s in signups if s.status == SignUp.Status.WAITING],
        "cancel_form": CancelActivityForm(),
    }


@require_GET
@organiser_required
def manage_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_organiser_activity(request.user, pk)
    return render(request, "activities/manage_detail.html", _manage_context(activity))


@require_POST
@organiser_required
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_organiser_activity(request.user, pk)
    form = CancelActivityForm(request.POST)
    if not form.is_valid():
        context = _manage_context(activity)
        context["cancel_form"] = form
        return render(request, "activities/manage_detail.html", context, status=400)
    told = do_cancel_activity(request.user, activity, form.cleaned_data["reason"], request=request)
    messages.success(request, _("活动已取消,已通知 %(n)d 位报名的海员。") % {"n": told})
    return redirect("activities:manage_detail", pk=activity.pk)


@require_http_methods(["GET", "POST"])
@organiser_required
def check_in(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The door: a scanned (by the page's script) or typed code, posted as a plain form."""
    activity = get_organiser_activity(request.user, pk)
    context: dict = {"activity": activity}
    status = 200
    if request.method == "POST":
        try:
            signup = do_check_in(
                request.user, activity, code=request.POST.get("code", ""), request=request
            )
        except SignUpRefused as exc:
            context["error"] = exc.message
            status = 400
        else:
            context["checked"] = signup
    context["count"] = activity.signups.filter(checked_in_at__isnull=False).count()
    return render(request, "activities/check_in.html", context, status=status)


@require_POST
@organiser_required
def tick(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check one person in from the list."""
    activity = get_organiser_activity(request.user, pk)
    raw = request.POST.get("signup", "")
    try:
        if not raw.isdigit():
            raise SignUpRefused(_("请选择要签到的海员。"), "missing")
        do_check_in(request.user, activity, signup_id=int(raw), request=request)
    except SignUpRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已签到。"))
    return redirect("activities:manage_detail", pk=activity.pk)


def _safe(value: str) -> str:
    """Cells a spreadsheet would run as a formula are prefixed with an apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@require_GET
@organiser_required
def attendance_csv(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_organiser_activity(request.user, pk)
    signups = (
        activity.signups.filter(status__in=SignUp.HOLDING)
        .select_related("seafarer__seafarer_profile")
        .order_by("created_at", "pk")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("姓名"), _("同行家属"), _("报名时间"), _("签到时间")])
    for signup in signups:
        profile = getattr(signup.seafarer, "seafarer_profile", None)
        name = profile.real_name if profile else signup.seafarer.display_name
        writer.writerow(
            [
                _safe(name),
                signup.guests,
                format_time(signup.created_at),
                format_time(signup.checked_in_at) if signup.checked_in_at else _("未到"),
            ]
        )
    record_read(
        request.user,
        "activities.attendance_export",
        target=activity,
        purpose=PURPOSE,
        request=request,
        detail={"rows": signups.count()},
    )
    # A byte-order mark so that Excel (in China) opens UTF-8 as UTF-8.
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-{activity.pk}.csv"'
    return response
