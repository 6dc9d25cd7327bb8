"""Urgent consultations: open, follow, take, call into a room, ring back, close; and the
consultation note with the summary the seafarer sees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.alerts.models import AlertNotification
from seafarers_home.audit.reads import record_read
from seafarers_home.consultations.access_urgent import (
    get_appointment_for_clinician,
    get_note_for_user,
    get_urgent_call_for_seafarer,
    get_urgent_request_for_user,
    urgent_requests_for_user,
)
from seafarers_home.consultations.actions import urgent as urgent_actions
from seafarers_home.consultations.actions.notes import (
    NoteInput,
    NoteInvalid,
    do_write_consultation_note,
)
from seafarers_home.consultations.actions.urgent import UrgentInvalid
from seafarers_home.consultations.forms_clinical import (
    CallbackForm,
    CallbackResultForm,
    CloseForm,
    NoteForm,
    UrgentRequestForm,
)
from seafarers_home.consultations.models_clinical import UrgentRequest
from seafarers_home.core.form_errors import add_errors
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_clinician, is_urgent_follower, is_urgent_opener
from seafarers_home.screening.training import get_lesson

LIST_LIMIT = 100


@role_required(is_urgent_opener)
def urgent_new(request: HttpRequest) -> HttpResponse:
    form = UrgentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            urgent = urgent_actions.do_open_urgent_request(
                form.cleaned_data["seafarer"],
                request.user,
                reason=form.cleaned_data["reason"],
                callback_number=form.cleaned_data["callback_number"],
                request=request,
            )
        except UrgentInvalid as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("已呼叫值班精神科医生。未及时响应会自动逐级升级。"))
            return redirect("consultations:urgent_detail", urgent.pk)
    return render(request, "consultations/urgent_new.html", {"form": form})


@require_GET
@role_required(is_urgent_follower)
def urgent_list(request: HttpRequest) -> HttpResponse:
    episodes = urgent_requests_for_user(request.user)
    active = episodes.exclude(status=UrgentRequest.Status.CLOSED).order_by("created_at")
    closed = episodes.filter(status=UrgentRequest.Status.CLOSED).order_by("-closed_at")
    context = {"active": active[:LIST_LIMIT], "closed": closed[:20]}
    return render(request, "consultations/urgent_list.html", context)


def _timeline(urgent: UrgentRequest) -> list[dict[str, Any]]:
    rows = [
        {
            "at": event.created_at,
            "label": event.get_kind_display(),
            "detail": event.detail,
            "actor": event.actor,
        }
        for event in urgent.events.select_related("actor")
    ]
    if urgent.alert_id:
        pages = AlertNotification.objects.filter(alert_id=urgent.alert_id, channel="sms")
        for page in pages.select_related("recipient"):
            label = _("呼叫第%(tier)s梯队值班医生(短信)") % {"tier": page.tier}
            rows.append(
                {"at": page.created_at, "label": label, "detail": "", "actor": page.recipient}
            )
    return sorted(rows, key=lambda row: row["at"])


@require_GET
@login_required
def urgent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    urgent = get_urgent_request_for_user(request.user, pk)
    clinician = is_clinician(request.user)
    record_read(
        request.user,
        "urgent_consultation.read",
        target=urgent,
        purpose="urgent consultation",
        request=request,
    )
    context = {
        "urgent": urgent,
        "timeline": _timeline(urgent),
        "is_clinician": clinician,
        "is_owner": urgent.psychiatrist_id == request.user.pk,
        "note": getattr(urgent, "note", None) if clinician else None,
        "callback_form": CallbackForm(initial={"number": urgent.callback_number}),
        "result_form": CallbackResultForm(),
        "close_form": CloseForm(),
    }
    return render(request, "consultations/urgent_detail.html", context)


def _urgent_step(
    request: HttpRequest, pk: int, step: Callable[..., Any], done: str, **kwargs: Any
) -> HttpResponse:
    """Run one step of the episode for the signed-in clinician or opener; refusals come back
    as a message on the episode's page."""
    urgent = get_urgent_request_for_user(request.user, pk)
    try:
        step(urgent, request.user, request=request, **kwargs)
    except UrgentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("consultations:urgent_detail", urgent.pk)


@require_POST
@login_required
def urgent_take(request: HttpRequest, pk: int) -> HttpResponse:
    step = urgent_actions.do_take_urgent_request
    return _urgent_step(request, pk, step, _("您已响应,警报已确认。"))


@require_POST
@login_required
def urgent_room(request: HttpRequest, pk: int) -> HttpResponse:
    step = urgent_actions.do_call_seafarer_into_room
    return _urgent_step(request, pk, step, _("咨询室已开启,已通知海员进入。"))


@require_POST
@login_required
def urgent_callback(request: HttpRequest, pk: int) -> HttpResponse:
    form = CallbackForm(request.POST)
    if not form.is_valid():
        get_urgent_request_for_user(request.user, pk)
        messages.error(request, _("请填写回拨号码和时间。"))
        return redirect("consultations:urgent_detail", pk)
    step = urgent_actions.do_arrange_callback
    return _urgent_step(
        request,
        pk,
        step,
        _("已安排回拨,并通知了海员。"),
        number=form.cleaned_data["number"],
        at=form.cleaned_data["at"],
    )


@require_POST
@login_required
def urgent_callback_result(request: HttpRequest, pk: int) -> HttpResponse:
    form = CallbackResultForm(request.POST)
    reached = form.is_valid() and form.cleaned_data["reached"]
    step = urgent_actions.do_record_callback_result
    return _urgent_step(request, pk, step, _("已记录回拨结果。"), reached=reached)


@require_POST
@login_required
def urgent_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    step = urgent_actions.do_close_urgent_request
    return _urgent_step(request, pk, step, _("紧急会诊已结束。"), outcome=outcome)


@require_GET
@login_required
def urgent_join(request: HttpRequest, pk: int) -> HttpResponse:
    """The seafarer's way in from the notification: straight to the call room."""
    urgent = get_urgent_call_for_seafarer(request.user, pk)
    return redirect("consultations:room", urgent.appointment_id)


def _note_page(request: HttpRequest, *, appointment=None, urgent=None) -> HttpResponse:
    existing = getattr(appointment or urgent, "note", None)
    initial = {}
    if existing is not None:
        initial = {
            field: getattr(existing, field)
            for field in (
                "note",
                "assessment",
                "risk_level",
                "plan",
                "follow_up_on",
                "lesson_slugs",
                "shared_summary",
            )
        }
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_write_consultation_note(
                request.user,
                NoteInput(**form.cleaned_data),
                appointment=appointment,
                urgent_request=urgent,
                request=request,
            )
        except NoteInvalid as error:
            add_errors(form, error.errors)
        else:
            messages.success(request, _("咨询记录已保存。"))
            return redirect(request.path)
    seafarer = (appointment or urgent).seafarer
    context = {
        "form": form,
        "seafarer": seafarer,
        "appointment": appointment,
        "urgent": urgent,
        "note": existing,
    }
    return render(request, "consultations/note_form.html", context)


@login_required
def appointment_note(request: HttpRequest, pk: int) -> HttpResponse:
    return _note_page(request, appointment=get_appointment_for_clinician(request.user, pk))


@login_required
def urgent_note(request: HttpRequest, pk: int) -> HttpResponse:
    urgent = get_urgent_request_for_user(request.user, pk)
    if urgent.psychiatrist_id != request.user.pk:
        raise Http404
    return _note_page(request, urgent=urgent)


@require_GET
@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_note_for_user(request.user, pk)
    lessons = [lesson for slug in note.lesson_slugs if (lesson := get_lesson(slug)) is not None]
    if note.seafarer_id == request.user.pk:
        record_read(
            request.user,
            "consultation_note.read_summary",
            target=note,
            purpose="consultation",
            request=request,
        )
    context = {"note": note, "lessons": lessons, "now": timezone.now()}
    return render(request, "consultations/summary.html", context)
