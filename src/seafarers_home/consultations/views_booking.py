"""远程咨询 for seafarers: find a free slot, book, see, move, cancel, add to a calendar.

Every time is shown in the seafarer's own zone (their profile's, chosen right here from the
Chinese list of lib/zones.py: ships cross zones), with hospital (Beijing) time beside it when
the two differ. The slot list is made for a phone: the next few free times, then a day picker.
Forms work without JavaScript; booking and moving
carry an idempotency key, so a resubmit after a dropped link books once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.actions import do_update_profile
from seafarers_home.accounts.models import User
from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.consultations import wording
from seafarers_home.consultations.access_booking import (
    get_appointment_for_participant,
    get_own_appointment,
    get_slot_for_booking,
)
from seafarers_home.consultations.actions.booking import (
    do_book_consultation,
    do_cancel_consultation,
    do_reschedule_consultation,
)
from seafarers_home.consultations.availability import bookable_clinicians, free_slots
from seafarers_home.consultations.forms_booking import (
    BookForm,
    CancelForm,
    RescheduleForm,
    TimeZoneForm,
)
from seafarers_home.consultations.ics import appointment_ics
from seafarers_home.consultations.models import Appointment, Mode, Service, Slot
from seafarers_home.consultations.services import (
    BookingRefused,
    cancel_deadline,
    crisis_alert_raised_for,
    seafarer_may_change,
)
from seafarers_home.consultations.times import slot_times
from seafarers_home.core import crisis_help
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.lib.zones import zone_label
from seafarers_home.permissions.decorators import seafarer_required

BOOKING_DAYS = 14
LIST_LIMIT = 300
NEXT_FREE = 6  # what fits on the first screen of a phone
WEEKDAYS = [
    _lazy("周一"),
    _lazy("周二"),
    _lazy("周三"),
    _lazy("周四"),
    _lazy("周五"),
    _lazy("周六"),
    _lazy("周日"),
]


def _slot_rows(request: HttpRequest, slots: list[Slot]) -> list[tuple[str, list]]:
    zone = request.user.time_zone
    rows = [(s, slot_times(s.starts_at, s.ends_at, zone)) for s in slots]
    return [(day, list(group)) for day, group in groupby(rows, key=lambda r: r[1].local_day)]


def _day_picker(request: HttpRequest, slots: list[Slot]) -> dict:
    """Slots by day for a phone: the next few free times first, a row of day links (a plain
    querystring, no JavaScript) and only the chosen day's times, not two weeks of links."""
    days = _slot_rows(request, slots)
    chosen = request.GET.get("day", "")
    query = request.GET.copy()
    picker = []
    for day, rows in days:
        query["day"] = day
        local = rows[0][1].local_start
        label = f"{local:%m-%d} {WEEKDAYS[local.weekday()]}"
        picker.append({"day": day, "label": label, "count": len(rows), "query": query.urlencode()})
    shown = [(day, rows) for day, rows in days if day == chosen]
    return {
        "days": shown,
        "day_picker": picker,
        "chosen_day": chosen if shown else "",
        "next_free": [] if shown else [row for _day, rows in days for row in rows][:NEXT_FREE],
    }


def _slot_query(request: HttpRequest) -> tuple[list[Slot], dict]:
    mode = request.GET.get("mode") if request.GET.get("mode") in Mode.values else Mode.REMOTE
    clinicians = list(bookable_clinicians())
    chosen = next((c for c in clinicians if str(c.pk) == request.GET.get("clinician")), None)
    now = timezone.now()
    slots = free_slots(chosen, mode=mode, start=now, end=now + timedelta(days=BOOKING_DAYS))
    return list(slots[:LIST_LIMIT]), {"mode": mode, "clinicians": clinicians, "chosen": chosen}


@require_GET
@seafarer_required(health_consent=True)
def book(request: HttpRequest) -> HttpResponse:
    slots, choice = _slot_query(request)
    zone = request.user.time_zone
    context = {
        **choice,
        **_day_picker(request, slots),
        "modes": Mode.choices,
        "zone_form": TimeZoneForm(initial={"time_zone": zone}, current=zone),
        "zone_label": zone_label(zone),
        "booking_days": BOOKING_DAYS,
    }
    return render(request, "consultations/book.html", context)


@require_POST
@seafarer_required(health_consent=True)
def set_time_zone(request: HttpRequest) -> HttpResponse:
    form = TimeZoneForm(request.POST, current=request.user.time_zone)
    if form.is_valid():
        chosen = form.cleaned_data["time_zone"]
        do_update_profile(request.user, request=request, time_zone=chosen)
        messages.success(request, _("时区已改为 %(zone)s。") % {"zone": zone_label(chosen)})
    else:
        messages.error(request, form.errors["time_zone"][0])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}) or not target.startswith(
        "/consultations/"
    ):
        target = reverse("consultations:book")
    return redirect(target)


@require_http_methods(["GET", "POST"])
@seafarer_required(health_consent=True)
def book_slot(request: HttpRequest, slot_pk: int) -> HttpResponse:
    slot = get_slot_for_booking(slot_pk)
    form = BookForm(request.POST or None)
    return slot_booking_page(
        request,
        slot,
        form,
        lambda: do_book_consultation(
            request.user,
            slot,
            reason=form.cleaned_data["reason"],
            share_screening=form.cleaned_data["share_screening"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            request=request,
        ),
        mine="consultations:mine",
        template="consultations/book_slot.html",
    )


def slot_booking_page(
    request: HttpRequest,
    slot: Slot,
    form: forms.Form,
    book: Callable[[], Appointment],
    *,
    mine: str,
    template: str,
) -> HttpResponse:
    """A slot's booking page and its POST, for each service's form: on a valid POST ``book()``
    books (its refusals and a key's conflict show on the form, nothing booked); a booking goes
    to the person's list of ``mine``, with the crisis notice when its words read as a crisis
    (the help comes now, not at the appointment)."""
    if request.method == "POST" and form.is_valid():
        try:
            appointment = book()
        except BookingRefused as error:
            form.add_error(None, error.message)
        except IdempotencyConflict:
            form.add_error(None, FORM_CONFLICT_MESSAGE)
        else:
            messages.success(request, _("预约成功。开始前24小时和30分钟会提醒您。"))
            if crisis_alert_raised_for(appointment):
                messages.warning(request, crisis_help.crisis_notice_text())
            return redirect(f"{reverse(mine)}#a{appointment.pk}")
    times = slot_times(slot.starts_at, slot.ends_at, request.user.time_zone)
    status = 422 if form.errors else 200
    context = {"slot": slot, "times": times, "form": form}
    return render(request, template, context, status=status)


def _appointment_row(appointment: Appointment, zone: str) -> dict:
    slot = appointment.slot
    return {
        "a": appointment,
        "times": slot_times(slot.starts_at, slot.ends_at, zone),
        "may_change": seafarer_may_change(appointment),
        "deadline": slot_times(cancel_deadline(appointment), slot.ends_at, zone),
        "room": slot.mode == Mode.REMOTE and appointment.status == Appointment.Status.BOOKED,
    }


@require_GET
@seafarer_required(health_consent=True)
def mine(request: HttpRequest) -> HttpResponse:
    mine_qs = Appointment.objects.filter(
        seafarer=request.user, green_channel=False, slot__service=Service.CLINICAL
    )
    mine_qs = mine_qs.select_related("slot__clinician", "slot__department")
    upcoming, past = upcoming_and_past(mine_qs)
    zone = request.user.time_zone
    context = {
        "upcoming": [_appointment_row(a, zone) for a in upcoming],
        "past": [_appointment_row(a, zone) for a in past],
        "zone_form": TimeZoneForm(initial={"time_zone": zone}, current=zone),
    }
    return render(request, "consultations/mine.html", context)


def upcoming_and_past(
    appointments: QuerySet[Appointment],
) -> tuple[QuerySet[Appointment], QuerySet[Appointment]]:
    """A seafarer's list in two parts: what is still to come (booked, not over), soonest
    first; below it what is over or was cancelled, latest first."""
    coming = Q(slot__ends_at__gte=timezone.now(), status=Appointment.Status.BOOKED)
    upcoming = appointments.filter(coming).order_by("slot__starts_at", "pk")[:100]
    return upcoming, appointments.exclude(coming).order_by("-slot__starts_at", "-pk")[:50]


def _participant_guard(request: HttpRequest, appointment: Appointment) -> HttpResponse | None:
    """A seafarer acting on their own health booking needs the health-data consent (a legal
    consultation is no health booking)."""
    user: User = request.user  # type: ignore[assignment]
    if appointment.is_legal:
        return None
    if appointment.seafarer_id == user.pk and not has_health_data_consent(user):
        return consent_required_response(request)
    return None


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_participant(request.user, pk)
    if (refused := _participant_guard(request, appointment)) is not None:
        return refused
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        do_cancel_consultation(appointment, request.user, reason=reason, request=request)
    except BookingRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("预约已取消。"))
    if appointment.seafarer_id == request.user.pk:
        return redirect(wording.seafarer_page(appointment, anchor=False))
    return redirect(wording.provider_page(appointment.slot))


@require_http_methods(["GET", "POST"])
@seafarer_required(health_consent=True)
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_own_appointment(request.user, pk)
    form = RescheduleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_slot = get_slot_for_booking(form.cleaned_data["slot"])
        try:
            moved = do_reschedule_consultation(
                appointment,
                new_slot,
                by=request.user,
                idempotency_key=form.cleaned_data["idempotency_key"],
                request=request,
            )
        except BookingRefused as error:
            messages.error(request, error.message)
        except IdempotencyConflict:
            messages.error(request, FORM_CONFLICT_MESSAGE)
        else:
            messages.success(request, _("已改约到新的时间。"))
            return redirect(f"{reverse('consultations:mine')}#a{moved.pk}")
    now = timezone.now()
    slots = free_slots(
        appointment.slot.clinician,
        mode=appointment.slot.mode,
        start=now,
        end=now + timedelta(days=BOOKING_DAYS),
    )
    context = {
        "row": _appointment_row(appointment, request.user.time_zone),
        **_day_picker(request, list(slots[:LIST_LIMIT])),
        "key": BookForm().initial["idempotency_key"],
    }
    return render(request, "consultations/reschedule.html", context)


@require_GET
@login_required
def ics(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_appointment_for_participant(request.user, pk)
    if (refused := _participant_guard(request, appointment)) is not None:
        return refused
    response = HttpResponse(
        appointment_ics(appointment, base_url=request.build_absolute_uri("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="consultation-{appointment.pk}.ics"'
    return response
