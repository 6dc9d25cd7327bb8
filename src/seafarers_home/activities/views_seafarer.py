"""The seafarer's pages: the list of activities open to them, an activity with its sign-up
form (or their sign-up, its QR code and the calendar file), and the sign-up's forms.

No JavaScript: the forms post plain HTML with a hidden idempotency key generated per render,
so that a resend after a dropped satellite link signs up once."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.activities.access import (
    get_activity_for_picture,
    get_own_signup,
    get_seafarer_activity,
    is_activity_organiser,
    seafarer_activities,
)
from seafarers_home.activities.actions.signups import (
    do_cancel_sign_up,
    do_confirm_offer,
    do_sign_up,
)
from seafarers_home.activities.calendar import activity_ics, qr_svg
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.activities.services import (
    SignUpRefused,
    guests_allowed,
    listed_places,
    places,
    signups_open,
    with_places,
)
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_seafarer, is_signed_in

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

LIST_LIMIT = 30


def _seafarer_or_organiser(user: User | AnonymousUser) -> bool:
    return is_seafarer(user) or is_activity_organiser(user)


@require_GET
@role_required(_seafarer_or_organiser)
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The start page's tile leads here: seafarers get the list, organisers their own."""
    if not is_seafarer(request.user):
        return redirect("activities:manage")
    now = timezone.now()
    mine = {
        signup.activity_id: signup
        for signup in SignUp.objects.filter(seafarer=request.user, status__in=SignUp.ACTIVE)
    }
    upcoming = with_places(
        seafarer_activities(request.user)
        .filter(ends_at__gt=now)
        .filter(Q(status=Activity.Status.PUBLISHED) | Q(pk__in=list(mine)))
    ).order_by("starts_at", "pk")[:LIST_LIMIT]
    rows = [
        {"activity": activity, "places": listed_places(activity), "signup": mine.get(activity.pk)}
        for activity in upcoming
    ]
    return render(request, "activities/list.html", {"rows": rows})


def _detail_context(request: AuthenticatedHttpRequest, activity: Activity) -> dict:
    signup = SignUp.objects.filter(
        activity=activity, seafarer=request.user, status__in=SignUp.ACTIVE
    ).first()
    return {
        "activity": activity,
        "places": places(activity),
        "signup": signup,
        "qr": qr_svg(signup.code) if signup and signup.status == SignUp.Status.CONFIRMED else "",
        "open": signups_open(activity),
        "guest_range": range(guests_allowed(activity) + 1),
        "key": uuid.uuid4().hex,
    }


@require_GET
@seafarer_required
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_seafarer_activity(request.user, pk)
    return render(request, "activities/detail.html", _detail_context(request, activity))


def _guests(request: AuthenticatedHttpRequest) -> int | None:
    raw = request.POST.get("guests", "0").strip() or "0"
    return int(raw) if raw.isdigit() and len(raw) < 4 else None


@require_POST
@seafarer_required
def sign_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_seafarer_activity(request.user, pk)
    guests = _guests(request)
    try:
        if guests is None:
            raise SignUpRefused(_("请填写同行家属人数。"), "guests")
        signup, _created = do_sign_up(
            request.user,
            activity,
            guests=guests,
            idempotency_key=request.POST.get("key", ""),
            request=request,
        )
    except SignUpRefused as exc:
        context = _detail_context(request, activity)
        context["error"] = exc.message
        return render(request, "activities/detail.html", context, status=400)
    except IdempotencyConflict:
        context = _detail_context(request, activity)
        context["error"] = str(FORM_CONFLICT_MESSAGE)
        return render(request, "activities/detail.html", context, status=409)
    if signup.status not in SignUp.ACTIVE:  # a resent form of a sign-up since cancelled
        messages.info(request, _("这次报名已经取消。如需参加,请重新报名。"))
    elif signup.status == SignUp.Status.WAITING:
        messages.info(request, _("名额已满,您已进入候补名单。有名额时会通知您确认。"))
    else:
        messages.success(request, _("报名成功。"))
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@seafarer_required
def cancel_sign_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_seafarer_activity(request.user, pk)
    signup = get_own_signup(request.user, activity)
    try:
        do_cancel_sign_up(request.user, signup, request=request)
    except SignUpRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已取消报名。"))
    return redirect("activities:detail", pk=activity.pk)


@require_POST
@seafarer_required
def confirm_offer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_seafarer_activity(request.user, pk)
    signup = get_own_signup(request.user, activity)
    try:
        do_confirm_offer(request.user, signup, request=request)
    except SignUpRefused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已确认名额,报名成功。"))
    return redirect("activities:detail", pk=activity.pk)


@require_GET
@seafarer_required
def calendar_file(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = get_seafarer_activity(request.user, pk)
    body = activity_ics(activity, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="activity-{activity.pk}.ics"'
    return response


@require_GET
@role_required(is_signed_in)
def picture(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The re-encoded JPEG, for whoever may see the activity."""
    activity = get_activity_for_picture(request.user, pk)
    if not activity.picture:
        raise Http404
    response = HttpResponse(bytes(activity.picture), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
