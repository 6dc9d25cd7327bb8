"""Clinicians: weekly hours and exceptions, and the upcoming bookings of their slots.

The bookings list shows each seafarer's reason and, where they shared it, their screening
summary: health data, so every display is audited (``consultations.bookings_read``). The hours
forms and their posted actions (``hours_forms``, ``apply_hours``) serve the legal workers' page
too (views_legal.py), each for its own service.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from seafarers_home.audit.reads import record_read
from seafarers_home.consultations.access_booking import (
    get_own_exception,
    get_own_hours,
)
from seafarers_home.consultations.actions.availability import (
    AvailabilityInvalid,
    Hours,
    do_add_exception,
    do_add_hours,
    do_remove_exception,
    do_remove_hours,
)
from seafarers_home.consultations.forms_booking import CancelForm, ExceptionForm, HoursForm
from seafarers_home.consultations.models import Appointment, Service
from seafarers_home.consultations.models_availability import (
    Availability,
    AvailabilityException,
)
from seafarers_home.consultations.times import slot_times
from seafarers_home.consultations.views_room import note_url
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_clinician

BOOKINGS_LIMIT = 100
RECENT_DAYS = 14


def apply_hours(
    request: HttpRequest, forms: dict[str, Any], service: str = Service.CLINICAL
) -> bool:
    """Run the posted action on the provider's hours of ``service``; True when it changed
    something."""
    action, user = request.POST.get("action"), request.user
    if action == "add_hours" and forms["hours"].is_valid():
        hours = Hours(**forms["hours"].cleaned_data, service=service)
        do_add_hours(user, hours, request=request)
    elif action == "add_exception" and forms["exception"].is_valid():
        data = forms["exception"].cleaned_data
        do_add_exception(user, day=data.pop("date"), service=service, request=request, **data)
    elif action == "remove_hours":
        row = get_own_hours(user, _int(request.POST.get("pk")), service)
        do_remove_hours(row, user, request=request)
    elif action == "remove_exception":
        row = get_own_exception(user, _int(request.POST.get("pk")), service)
        do_remove_exception(row, user, request=request)
    else:
        return False
    return True


def hours_forms(request: HttpRequest, service: str = Service.CLINICAL) -> dict[str, Any]:
    """The add-hours and add-exception forms, bound to the one that was posted."""
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action")
    return {
        "hours": HoursForm(
            posted if action == "add_hours" else None,
            prefix="h",
            initial={"valid_from": timezone.localdate()},
            service=service,
        ),
        "exception": ExceptionForm(
            posted if action == "add_exception" else None, prefix="x", service=service
        ),
    }


def hours_context(user: Any, service: str = Service.CLINICAL) -> dict[str, Any]:
    return {
        "hours_rows": Availability.objects.filter(clinician=user, service=service),
        "exceptions": AvailabilityException.objects.filter(
            clinician=user, service=service, date__gte=timezone.localdate()
        ),
    }


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _row(request: HttpRequest, appointment: Appointment) -> dict[str, Any]:
    # An urgent episode's call keeps its note on the episode, not on the appointment.
    urgent = getattr(appointment, "urgent_request", None)
    return {
        "a": appointment,
        "times": slot_times(
            appointment.slot.starts_at, appointment.slot.ends_at, request.user.time_zone
        ),
        "note": getattr(urgent or appointment, "note", None),
        "note_url": note_url(request.user, appointment),
    }


def _bookings(request: HttpRequest) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The upcoming bookings, and the consultations of the last RECENT_DAYS whose note the
    clinician writes next (the room closes after the call; the note must not need its URL)."""
    now = timezone.now()
    mine = Appointment.objects.filter(
        slot__clinician=request.user, slot__service=Service.CLINICAL
    ).select_related("slot", "seafarer", "note", "urgent_request__note")
    upcoming = mine.filter(status=Appointment.Status.BOOKED, slot__ends_at__gte=now).order_by(
        "slot__starts_at"
    )[:BOOKINGS_LIMIT]
    recent = mine.filter(
        status__in=(Appointment.Status.BOOKED, Appointment.Status.ATTENDED),
        slot__ends_at__lt=now,
        slot__ends_at__gte=now - timedelta(days=RECENT_DAYS),
    ).order_by("-slot__starts_at")[:BOOKINGS_LIMIT]
    rows = [_row(request, a) for a in upcoming]
    past = [_row(request, a) for a in recent]
    if rows or past:
        record_read(
            request.user,
            "consultations.bookings_read",
            purpose="consultation preparation",
            request=request,
            detail={"appointments": [r["a"].pk for r in rows + past]},
        )
    return rows, past


@require_http_methods(["GET", "POST"])
@role_required(is_clinician)
def availability(request: HttpRequest) -> HttpResponse:
    forms = hours_forms(request)
    if request.method == "POST":
        try:
            if apply_hours(request, forms):
                messages.success(request, _("已保存,号源已更新。"))
                return redirect("consultations:availability")
        except AvailabilityInvalid as error:
            messages.error(request, error.message)
    bookings, recent = _bookings(request)
    context = {
        **forms,
        **hours_context(request.user),
        "bookings": bookings,
        "recent": recent,
        "cancel_form": CancelForm(),
    }
    return render(request, "consultations/availability.html", context)
