"""The counsellor's console: going available or away, the offered call (accept / decline),
the current call (voice room, the number of a callback and its outcome, end), records to
complete, follow-ups due. Loading it only reads (no GET writes): the queue's timers run in the
worker (hotline/periodic_jobs.py), offers arrive over the notification socket, and the page's
script posts the counsellor's heartbeat (``heartbeat``) while it is open.
An anonymous caller is "匿名来电者" here and on every page that follows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.alerts.sources import last_position
from seafarers_home.hotline.access import (
    caller_label,
    get_call_for_counsellor,
    record_caller_label,
    records_for_counsellor,
)
from seafarers_home.hotline.actions.callbacks import CallbackInvalid, do_record_callback_attempt
from seafarers_home.hotline.actions.calls import do_complete_follow_up, tell_callback_ringing
from seafarers_home.hotline.actions.queue import (
    do_accept_offer,
    do_decline_offer,
    do_end_call,
    do_set_counsellor_state,
    touch_counsellor,
)
from seafarers_home.hotline.forms_calls import AttemptForm
from seafarers_home.hotline.models import (
    CallRecord,
    CounsellorState,
    HotlineCall,
    HotlineFollowUp,
)
from seafarers_home.hotline.queue import QUEUED, QueueError
from seafarers_home.hotline.rooms import has_voice
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_counsellor

OFFER_REFRESH_SECONDS = 5
BUSY_REFRESH_SECONDS = 20
# Well inside HOTLINE_HEARTBEAT_SECONDS (90 by default).
HEARTBEAT_SECONDS = 20


def _refresh(
    state: CounsellorState, offer: HotlineCall | None, current: HotlineCall | None
) -> int | None:
    if offer is not None or (state.state == CounsellorState.State.AVAILABLE and current is None):
        return OFFER_REFRESH_SECONDS
    return BUSY_REFRESH_SECONDS if current is not None else None


@require_GET
@role_required(is_counsellor)
def console(request: HttpRequest) -> HttpResponse:
    user = request.user
    # A counsellor who never went available has no row yet: show them as away, store nothing.
    state = CounsellorState.objects.filter(user=user).first() or CounsellorState(user=user)
    calls = HotlineCall.objects.select_related("seafarer", "callback")
    offer = calls.filter(offered_to=user, status=HotlineCall.Status.OFFERED).first()
    current = calls.filter(counsellor=user, status=HotlineCall.Status.CONNECTED).first()
    pending = (
        records_for_counsellor(user)
        .filter(completed_at__isnull=True)
        .exclude(call__status=HotlineCall.Status.CONNECTED)
        .order_by("started_at")[:20]
    )
    follow_ups = (
        HotlineFollowUp.objects.filter(assigned_to=user, done_at__isnull=True)
        .select_related("record__call", "record__seafarer")
        .order_by("due_at")[:20]
    )
    context = {
        "state": state,
        "offer": offer,
        "offer_label": caller_label(offer) if offer else "",
        "current": current,
        "current_label": caller_label(current) if current else "",
        "current_voice": bool(current and has_voice(current)),
        "current_record": getattr(current, "record", None) if current else None,
        # Where the ship last was (a short message's position), for the callback's counsellor.
        "current_position": last_position(current.seafarer)
        if current and current.callback_id and current.seafarer and not current.anonymous
        else "",
        "pending": [(r, record_caller_label(r)) for r in pending],
        "follow_ups": [(f, record_caller_label(f.record)) for f in follow_ups],
        "waiting": HotlineCall.objects.filter(status__in=QUEUED).count(),
        "outcomes": AttemptForm.base_fields["outcome"].choices,
        "refresh": _refresh(state, offer, current),
        "heartbeat_seconds": HEARTBEAT_SECONDS,
        "now": timezone.now(),
    }
    return render(request, "hotline/console.html", context)


@require_POST
@role_required(is_counsellor)
def heartbeat(request: HttpRequest) -> HttpResponse:
    """The open console says the counsellor is still there (console.js, every
    HEARTBEAT_SECONDS): a call without a voice room (a callback by phone) is not taken for
    dropped while they work it."""
    user = request.user
    touch_counsellor(user)
    return HttpResponse(status=204)


@require_POST
@role_required(is_counsellor)
def state(request: HttpRequest) -> HttpResponse:
    user = request.user
    chosen = request.POST.get("state", "")
    if chosen not in (CounsellorState.State.AVAILABLE, CounsellorState.State.AWAY):
        messages.error(request, _("请选择“上线接听”或“离开”。"))
        return redirect("hotline:console")
    row = do_set_counsellor_state(user, chosen, request=request)
    if row.state == CounsellorState.State.BUSY:
        messages.warning(request, _("通话结束后才能改变状态。"))
    return redirect("hotline:console")


@require_POST
@login_required
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_counsellor(request.user, pk)
    try:
        call = do_accept_offer(call, request.user, request=request)
    except QueueError as error:
        messages.error(request, str(error))
        return redirect("hotline:console")
    if has_voice(call):
        if call.channel == HotlineCall.Channel.CALLBACK:
            tell_callback_ringing(call)
        return redirect("hotline:voice", pk=call.pk)
    return redirect("hotline:console")


@require_POST
@login_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_counsellor(request.user, pk)
    do_decline_offer(call, request.user, request=request)
    return redirect("hotline:console")


@require_POST
@login_required
def end(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_counsellor(request.user, pk)
    call = do_end_call(call, request.user, request=request)
    if call.counsellor_id == request.user.pk and hasattr(call, "record"):
        messages.success(request, _("通话已结束。请完成来电记录。"))
        return redirect("hotline:record", pk=call.record.pk)
    return redirect("hotline:console")


@require_POST
@login_required
def callback_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_counsellor(request.user, pk)
    form = AttemptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择回拨结果。"))
        return redirect("hotline:console")
    try:
        do_record_callback_attempt(
            call, request.user, outcome=form.cleaned_data["outcome"], request=request
        )
    except CallbackInvalid as error:
        messages.error(request, str(error))
        return redirect("hotline:console")
    messages.success(request, _("回拨结果已记录。"))
    record = CallRecord.objects.filter(call_id=call.pk).first()
    if record is None:
        return redirect("hotline:console")
    return redirect(reverse("hotline:record", args=[record.pk]))


@require_POST
@role_required(is_counsellor)
def follow_up_done(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    follow_up = HotlineFollowUp.objects.filter(pk=pk, assigned_to=user).first()
    if follow_up is None:
        raise Http404
    do_complete_follow_up(follow_up, user, request=request)
    messages.success(request, _("随访已完成。"))
    return redirect("hotline:console")
