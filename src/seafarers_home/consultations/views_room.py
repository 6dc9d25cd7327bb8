"""The call room page and its ICE configuration (JSON, fetched again for an ICE restart).

The page lets the person pick audio-only or video before joining; the call itself is
``static/callroom/call.js``. Refusals: someone else's room 404, a seafarer without
health-data consent the consent page (403), outside the window a page that says when the
room is open (409).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from seafarers_home.callroom.pages import CALL_STRINGS, call_page_config, ice_answer
from seafarers_home.callroom.rooms import NO_CONSENT, WRONG_TIME, Room, RoomRefused
from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.consultations.rooms import get_consultation_room_for_user

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _config(request: HttpRequest, pk: int, room: Room) -> dict[str, Any]:
    return call_page_config(
        request,
        room,
        ws=f"/ws/consultations/{pk}/",
        ice_url=reverse("consultations:ice", args=[pk]),
        strings=CALL_STRINGS,
    )


def note_url(user: User, appointment: Any) -> str:
    """Where the clinician writes this consultation's note (an urgent episode's note for its
    call): shown in the room after the hang-up and once it has closed, and on the bookings
    list; never to the seafarer, and never on a legal consultation (it has no clinical note)."""
    if user.pk != appointment.slot.clinician_id or appointment.slot.service != "clinical":
        return ""
    urgent = getattr(appointment, "urgent_request", None)
    if urgent is not None:
        return reverse("consultations:urgent_note", args=[urgent.pk])
    return reverse("consultations:appointment_note", args=[appointment.pk])


def _page(request: HttpRequest, room: Room, **extra: Any) -> dict[str, Any]:
    appointment = room.target
    legal = appointment.slot.service == "legal"
    return {
        "room": room,
        # The template cannot call peer_name(user_id): it would name nobody ("与 的远程咨询").
        "peer": room.peer_name(request.user.pk),
        "note_url": note_url(request.user, appointment),
        "legal": legal,
        # The legal worker's way to log the call on the linked rights case, after it.
        "call_log_url": reverse("consultations:legal_hours") + f"#a{appointment.pk}"
        if legal and appointment.rights_case_id and request.user.pk != appointment.seafarer_id
        else "",
        **extra,
    }


@require_GET
@login_required
@never_cache
def room(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        found = get_consultation_room_for_user(request, pk)
    except RoomRefused as refusal:
        if refusal.code == NO_CONSENT:
            return consent_required_response(request)
        if refusal.code == WRONG_TIME and refusal.room is not None:
            context = _page(request, refusal.room, closed=True)
            return render(request, "consultations/room.html", context, status=409)
        raise Http404 from refusal
    context = _page(request, found, config=_config(request, pk, found))
    return render(request, "consultations/room.html", context)


@require_GET
@login_required
@never_cache
def ice(request: HttpRequest, pk: int) -> JsonResponse:
    return ice_answer(request, lambda: get_consultation_room_for_user(request, pk))
