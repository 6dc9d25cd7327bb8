"""Pages of the seafarer clinic: the day's green-channel list (with the referral and, where
the seafarer allowed it, the screening summary), publishing slots, recording attendance.
Clinicians of the seafarer clinic only; every read of the list is audited."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.consultations.access_green import get_clinic_appointment
from seafarers_home.consultations.actions.appointments import do_mark_attended
from seafarers_home.consultations.actions.clinic_slots import do_publish_clinic_slots
from seafarers_home.consultations.forms_green import ClinicDayForm, PublishSlotsForm
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.consultations.services import ACTIVE_STATUSES, BookingRefused
from seafarers_home.consultations.slots import (
    SlotsInvalid,
    active_appointment_exists,
    green_share_percent,
)
from seafarers_home.lib.zones import hospital_zone
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import clinic_departments, is_clinic_staff
from seafarers_home.voyages.green_referrals import PURPOSE


def _day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=hospital_zone())
    return start, start + datetime.timedelta(days=1)


@role_required(is_clinic_staff)
@require_GET
def clinic_day(request: HttpRequest) -> HttpResponse:
    departments = clinic_departments(request.user)
    form = ClinicDayForm(request.GET or None)
    day = (form.is_valid() and form.cleaned_data["date"]) or timezone.localtime(
        timezone.now(), hospital_zone()
    ).date()
    start, end = _day_bounds(day)
    bookings = list(
        Appointment.objects.filter(
            green_channel=True,
            status__in=ACTIVE_STATUSES,
            slot__department__in=departments,
            slot__starts_at__gte=start,
            slot__starts_at__lt=end,
        )
        .select_related("slot", "seafarer__seafarer_profile", "green_channel_referral")
        .order_by("slot__starts_at", "pk")
    )
    record_read(
        request.user,
        "voyages.green_channel.clinic_day",
        purpose=PURPOSE,
        request=request,
        detail={"date": day.isoformat(), "appointments": [a.pk for a in bookings]},
    )
    context = {"form": form, "day": day, "bookings": bookings, "now": timezone.now()}
    return render(request, "consultations/clinic_day.html", context)


@role_required(is_clinic_staff)
@require_http_methods(["GET", "POST"])
def clinic_slots(request: HttpRequest) -> HttpResponse:
    departments = clinic_departments(request.user)
    form = PublishSlotsForm(request.POST or None, departments=departments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = do_publish_clinic_slots(
                request.user,
                department=data["department"],
                first_day=data["first_day"],
                last_day=data["last_day"],
                weekdays=set(data["weekdays"]),
                start_hour=data["start_hour"],
                end_hour=data["end_hour"],
                slot_minutes=data["slot_minutes"],
                request=request,
            )
        except SlotsInvalid as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("已发布 %(created)d 个号源,其中 %(green)d 个为绿色通道预留。")
                % {"created": report.created, "green": report.green},
            )
            return redirect("voyages:clinic_slots")
    upcoming = (
        Slot.objects.filter(
            department__in=departments,
            mode=Mode.IN_CLINIC,
            is_withdrawn=False,
            starts_at__gte=timezone.now(),
        )
        .annotate(taken=active_appointment_exists())
        .order_by("starts_at", "pk")[:60]
    )
    context = {"form": form, "upcoming": upcoming, "percent": green_share_percent()}
    return render(request, "consultations/clinic_slots.html", context)


@login_required
@require_POST
def clinic_attend(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_clinic_appointment(request.user, pk)
    attended = request.POST.get("attended", "1") != "0"
    try:
        do_mark_attended(appointment, request.user, attended=attended, request=request)
    except BookingRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已登记。"))
    day = timezone.localtime(appointment.slot.starts_at, hospital_zone()).date()
    return redirect(f"{reverse('voyages:clinic_day')}?date={day.isoformat()}")
