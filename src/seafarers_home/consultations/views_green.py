"""Green-channel pages of the seafarer (eligibility, request, book, my bookings, cancel) and
the clinician's referral. No JavaScript: every action is a plain form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.consultations.access_green import (
    get_clinic_slot,
    get_own_green_appointment,
    get_seafarer_to_refer,
)
from seafarers_home.consultations.actions.appointments import do_cancel_appointment
from seafarers_home.consultations.actions.green_channel import do_book_green_channel
from seafarers_home.consultations.forms_green import GreenBookForm, GreenRequestForm, ReferForm
from seafarers_home.consultations.green_channel import free_general_slots, free_green_slots
from seafarers_home.consultations.models import Appointment
from seafarers_home.consultations.services import BookingRefused
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.voyages.green_referrals import (
    ReferralInvalid,
    do_refer_to_green_channel,
    do_request_green_channel,
    open_referral,
    returned_voyage,
)

SLOTS_SHOWN = 8


def _page(request: HttpRequest, *, book_form: GreenBookForm | None = None, status: int = 200):
    seafarer = request.user
    referral = open_referral(seafarer)
    context = {
        "referral": referral,
        "returned": returned_voyage(seafarer) is not None,
        "green_slots": free_green_slots(SLOTS_SHOWN) if referral else [],
        "general_slots": free_general_slots(SLOTS_SHOWN),
        "book_form": book_form or GreenBookForm.fresh(),
        "request_form": GreenRequestForm(),
        "bookings": Appointment.objects.filter(seafarer=seafarer, slot__mode="in_clinic")
        .select_related("slot__department")
        .order_by("-slot__starts_at")[:10],
        "now": timezone.now(),
    }
    return render(request, "consultations/green_channel.html", context, status=status)


@require_GET
@seafarer_required(health_consent=True)
def green_channel(request: HttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@seafarer_required(health_consent=True)
def green_channel_request(request: HttpRequest) -> HttpResponse:
    form = GreenRequestForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        do_request_green_channel(request.user, reason=reason, request=request)
    except ReferralInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("您已获得绿色通道资格,可以优先预约下面的号源。"))
    return redirect("voyages:green_channel")


@require_POST
@seafarer_required(health_consent=True)
def green_channel_book(request: HttpRequest, slot_pk: int) -> HttpResponse:
    slot = get_clinic_slot(request.user, slot_pk)
    form = GreenBookForm(request.POST)
    if not form.is_valid():
        return _page(request, book_form=form, status=400)
    try:
        do_book_green_channel(
            request.user,
            slot,
            reason=form.cleaned_data["reason"],
            share_summary=form.cleaned_data["share_summary"],
            idempotency_key=form.cleaned_data["key"],
            request=request,
        )
    except BookingRefused as error:
        messages.error(request, error.message)
        return _page(request, book_form=GreenBookForm.fresh(), status=409)
    except IdempotencyConflict:
        messages.error(request, FORM_CONFLICT_MESSAGE)
        return _page(request, book_form=GreenBookForm.fresh(), status=409)
    messages.success(request, _("预约成功。请按时到海员心理咨询科就诊。"))
    return redirect("voyages:green_channel")


@require_POST
@seafarer_required(health_consent=True)
def green_channel_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_own_green_appointment(request.user, pk)
    try:
        do_cancel_appointment(appointment, request.user, request=request)
    except BookingRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("预约已取消,号源已释放给其他海员。"))
    return redirect("voyages:green_channel")


@login_required
@require_POST
def refer(request: HttpRequest, seafarer_user_pk: int) -> HttpResponse:
    seafarer = get_seafarer_to_refer(request.user, seafarer_user_pk)
    form = ReferForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        do_refer_to_green_channel(
            seafarer,
            source="clinician",
            referred_by=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ReferralInvalid as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已转介绿色通道,海员会收到预约提醒。"))
    target = form.cleaned_data["next"]
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("voyages:clinic_day")
