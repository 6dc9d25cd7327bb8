"""Legal consultations (issue 11 item 8) on the consultations machinery: a seafarer books a legal
worker's phone or video call from the rights scene; the legal worker publishes hours and sees
their bookings. Slots, booking, reminders, .ics, cancelling and the room are the same code as
远程咨询 (the room and the .ics and cancel URLs are shared); these pages only choose the legal
service.

No page here asks for the health-data consent and none shows anything clinical. A legal worker
sees only their own legal bookings (404 for any other), and a linked rights case only when the
rights app lets them open it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.consultations.access_booking import (
    get_provider_appointment,
    get_slot_for_booking,
)
from seafarers_home.consultations.actions.availability import AvailabilityInvalid
from seafarers_home.consultations.actions.legal import do_book_legal_consultation_once
from seafarers_home.consultations.availability import bookable_clinicians, free_slots
from seafarers_home.consultations.forms_booking import CancelForm
from seafarers_home.consultations.forms_legal import CallLogForm, LegalBookForm
from seafarers_home.consultations.legal_cases import (
    CaseInvalid,
    CaseRefused,
    case_for_worker,
    log_call_on_case,
    own_cases,
)
from seafarers_home.consultations.models import Appointment, Mode, Service
from seafarers_home.consultations.services import (
    cancel_deadline,
    seafarer_may_change,
)
from seafarers_home.consultations.times import slot_times
from seafarers_home.consultations.views_availability import (
    apply_hours,
    hours_context,
    hours_forms,
)
from seafarers_home.consultations.views_booking import (
    BOOKING_DAYS,
    LIST_LIMIT,
    _day_picker,
    slot_booking_page,
    upcoming_and_past,
)
from seafarers_home.lib.zones import zone_label
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_legal_worker

LEGAL = Service.LEGAL
BOOKINGS_LIMIT = 100
RECENT_DAYS = 14


def _case_param(request: HttpRequest, cases: list[Any]) -> int | None:
    """The case the seafarer came from (``?case=``), if it is one of their own."""
    raw = request.GET.get("case", "")
    wanted = int(raw) if raw.isdigit() else None
    return wanted if any(c.pk == wanted for c in cases) else None


@require_GET
@seafarer_required
def book(request: HttpRequest) -> HttpResponse:
    """The legal workers' free slots of the next two weeks, in the seafarer's zone."""
    providers = list(bookable_clinicians(LEGAL))
    chosen = next((p for p in providers if str(p.pk) == request.GET.get("provider")), None)
    now = timezone.now()
    slots = free_slots(
        chosen, mode=Mode.REMOTE, start=now, end=now + timedelta(days=BOOKING_DAYS), service=LEGAL
    )
    case = _case_param(request, own_cases(request.user))
    context = {
        **_day_picker(request, list(slots[:LIST_LIMIT])),
        "providers": providers,
        "chosen": chosen,
        "legal": True,
        "case_query": f"?case={case}" if case else "",
        "zone_label": zone_label(request.user.time_zone),
    }
    return render(request, "consultations/legal_book.html", context)


@require_http_methods(["GET", "POST"])
@seafarer_required
def book_slot(request: HttpRequest, slot_pk: int) -> HttpResponse:
    slot = get_slot_for_booking(slot_pk, LEGAL)
    cases = own_cases(request.user)
    choices = [(c.pk, f"#{c.pk} {c.summary}") for c in cases]
    initial = {"case": _case_param(request, cases)}
    form = LegalBookForm(request.POST or None, cases=choices, initial=initial)
    return slot_booking_page(
        request,
        slot,
        form,
        lambda: do_book_legal_consultation_once(
            request.user,
            slot,
            topic=form.cleaned_data["topic"],
            rights_case_id=form.cleaned_data["case"],
            own_case_ids=frozenset(c.pk for c in cases),
            idempotency_key=form.cleaned_data["idempotency_key"],
            request=request,
        )[0],
        mine="consultations:legal_mine",
        template="consultations/legal_book_slot.html",
    )


def _seafarer_row(appointment: Appointment, zone: str) -> dict[str, Any]:
    slot = appointment.slot
    return {
        "a": appointment,
        "times": slot_times(slot.starts_at, slot.ends_at, zone),
        "may_change": seafarer_may_change(appointment),
        "deadline": slot_times(cancel_deadline(appointment), slot.ends_at, zone),
        "room": appointment.status == Appointment.Status.BOOKED,
    }


@require_GET
@seafarer_required
def mine(request: HttpRequest) -> HttpResponse:
    qs = Appointment.objects.filter(seafarer=request.user, slot__service=LEGAL).select_related(
        "slot__clinician", "slot__department", "rights_case"
    )
    upcoming, past = upcoming_and_past(qs)
    zone = request.user.time_zone
    context = {
        "upcoming": [_seafarer_row(a, zone) for a in upcoming],
        "past": [_seafarer_row(a, zone) for a in past],
        "zone_label": zone_label(zone),
    }
    return render(request, "consultations/legal_mine.html", context)


def _worker_row(request: HttpRequest, appointment: Appointment) -> dict[str, Any]:
    case = case_for_worker(request.user, appointment.rights_case_id)
    slot = appointment.slot
    return {
        "a": appointment,
        "times": slot_times(slot.starts_at, slot.ends_at, request.user.time_zone),
        "case": case,
        "log_form": CallLogForm(prefix=f"log{appointment.pk}") if case else None,
    }


def _worker_bookings(request: HttpRequest) -> dict[str, list[dict[str, Any]]]:
    now = timezone.now()
    mine = Appointment.objects.filter(
        slot__clinician=request.user, slot__service=LEGAL
    ).select_related("slot", "seafarer")
    upcoming = mine.filter(status=Appointment.Status.BOOKED, slot__ends_at__gte=now)
    recent = mine.filter(
        status=Appointment.Status.BOOKED,
        slot__ends_at__lt=now,
        slot__ends_at__gte=now - timedelta(days=RECENT_DAYS),
    )
    rows = [_worker_row(request, a) for a in upcoming.order_by("slot__starts_at")[:BOOKINGS_LIMIT]]
    past = [_worker_row(request, a) for a in recent.order_by("-slot__starts_at")[:BOOKINGS_LIMIT]]
    if rows or past:
        record_read(
            request.user,
            "consultations.bookings_read",
            purpose="legal consultation preparation",
            request=request,
            detail={"appointments": [r["a"].pk for r in rows + past], "service": LEGAL},
        )
    return {"bookings": rows, "recent": past}


@require_http_methods(["GET", "POST"])
@role_required(is_legal_worker)
def hours(request: HttpRequest) -> HttpResponse:
    """The legal worker's weekly hours and exceptions, and their legal bookings."""
    forms = hours_forms(request, LEGAL)
    if request.method == "POST":
        try:
            if apply_hours(request, forms, LEGAL):
                messages.success(request, _("已保存,号源已更新。"))
                return redirect("consultations:legal_hours")
        except AvailabilityInvalid as error:
            messages.error(request, error.message)
    context = {
        **forms,
        **hours_context(request.user, LEGAL),
        **_worker_bookings(request),
        "cancel_form": CancelForm(),
    }
    return render(request, "consultations/legal_hours.html", context)


@require_POST
@role_required(is_legal_worker)
def call_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log the call on the linked rights case (the rights app's phone-call entry)."""
    appointment = get_provider_appointment(request.user, pk, LEGAL)
    case = case_for_worker(request.user, appointment.rights_case_id)
    target = f"{reverse('consultations:legal_hours')}#a{appointment.pk}"
    if case is None:
        messages.error(request, _("这次咨询没有关联您可以办理的维权案件。"))
        return redirect(target)
    form = CallLogForm(request.POST, prefix=f"log{appointment.pk}")
    if not form.is_valid():
        messages.error(request, _("请填写通话记录(最多 %(n)d 字)。") % {"n": 2000})
        return redirect(target)
    try:
        log_call_on_case(
            case,
            request.user,
            body=form.cleaned_data["body"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            request=request,
        )
    except CaseRefused as error:
        messages.error(request, error.message)
    except CaseInvalid as error:
        messages.error(request, " ".join(str(m) for m in error.errors.values()))
    else:
        messages.success(request, _("通话记录已写入维权案件。"))
    return redirect(target)
