"""The counsellor's call records: the structured record of a call, the crisis checklist, a
call from the hospital's ordinary phone line logged by hand, and their own recent records.
Every read is audited; an anonymous caller is never named."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from seafarers_home.core.form_errors import add_errors
from seafarers_home.hotline.access import (
    get_record_for_counsellor,
    record_caller_label,
    records_for_counsellor,
)
from seafarers_home.hotline.actions.calls import do_record_read
from seafarers_home.hotline.actions.records import (
    do_complete_call_record,
    do_log_phone_call,
    do_mark_crisis,
)
from seafarers_home.hotline.forms_calls import (
    CrisisForm,
    LogCallForm,
    RecordForm,
)
from seafarers_home.hotline.models import CallRecord
from seafarers_home.hotline.records import CRISIS_STEPS, RecordInvalid
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_counsellor

MRCC_NUMBER = "12395"  # 中国海上搜救中心 (maritime search and rescue)
RECORDS_SHOWN = 50


def _initial(record: CallRecord) -> dict[str, Any]:
    return {
        "reason_categories": record.reason_categories,
        "risk": list(record.risk),
        "actions": record.actions,
        "follow_up": record.follow_up or "none",
        "note": record.note,
    }


@require_http_methods(["GET", "POST"])
@role_required(is_counsellor)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = get_record_for_counsellor(request.user, pk)
    form = RecordForm(request.POST or None, initial=_initial(found))
    if request.method == "POST" and form.is_valid():
        try:
            do_complete_call_record(found, user, form.record_input(), request=request)
        except RecordInvalid as error:
            add_errors(form, error.errors)
        else:
            messages.success(request, _("来电记录已保存。"))
            return redirect("hotline:console")
    elif request.method == "GET":
        do_record_read(user, found, request=request, what="record")
    context = {"record": found, "caller": record_caller_label(found), "form": form}
    return render(request, "hotline/record.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(is_counsellor)
def crisis(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    found = get_record_for_counsellor(request.user, pk)
    checklist = found.crisis_checklist or {}
    initial = {"steps": checklist.get("steps", []), "master_basis": checklist.get("master_basis")}
    form = CrisisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_mark_crisis(
                found, user, steps=data["steps"], master_basis=data["master_basis"], request=request
            )
        except RecordInvalid as error:
            add_errors(form, error.errors)
        else:
            messages.success(request, _("已标记为危机,值班精神科医生已收到警报。"))
            return redirect("hotline:crisis", pk=found.pk)
    elif request.method == "GET":
        do_record_read(user, found, request=request, what="crisis")
    context = {
        "record": found,
        "caller": record_caller_label(found),
        "form": form,
        "steps": CRISIS_STEPS,
        "national": settings.NATIONAL_PSY_HOTLINE_NUMBER,
        "mrcc": MRCC_NUMBER,
    }
    return render(request, "hotline/crisis.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@role_required(is_counsellor)
def log_call(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = LogCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            logged = do_log_phone_call(
                user,
                started_at=data["started_at"],
                duration_seconds=data["duration_minutes"] * 60,
                seafarer=data["seafarer_phone"],
                data=form.record_input(),
                request=request,
            )
        except RecordInvalid as error:
            add_errors(form, error.errors)
        else:
            messages.success(request, _("热线电话已登记。"))
            return redirect("hotline:record", pk=logged.pk)
    return render(
        request, "hotline/log_call.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@role_required(is_counsellor)
def records(request: HttpRequest) -> HttpResponse:
    user = request.user
    rows = records_for_counsellor(user).order_by("-started_at")[:RECORDS_SHOWN]
    do_record_read(user, None, request=request, what="records")
    context = {"rows": [(r, record_caller_label(r)) for r in rows]}
    return render(request, "hotline/records.html", context)
