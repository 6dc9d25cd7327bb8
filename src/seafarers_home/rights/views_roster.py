"""The legal workers' duty roster page (issue 11 item 3), for the union's staff: who is on
duty now — or that nobody is, and urgent alerts then go to every rights officer — the shifts
of the next two weeks, and adding or removing one (actions/duty.py)."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from seafarers_home.accounts.models import User
from seafarers_home.core import inputs
from seafarers_home.core.widgets import DATETIME_INPUT_FORMATS, IsoDateTimeInput
from seafarers_home.permissions.decorators import role_required
from seafarers_home.rights.actions.duty import do_add_duty_shift, do_remove_duty_shift
from seafarers_home.rights.duty import (
    ROSTER_DAYS,
    ShiftInvalid,
    manages_legal_roster,
    urgent_legal_workers,
)
from seafarers_home.rights.models import LegalDutyShift
from seafarers_home.rights.reporting import union_rights_officers


class DutyShiftForm(forms.Form):
    worker = forms.ModelChoiceField(label=gettext_lazy("维权专员"), queryset=User.objects.none())
    starts_at = inputs.DateTimeField(
        label=gettext_lazy("开始"), widget=IsoDateTimeInput(), input_formats=DATETIME_INPUT_FORMATS
    )
    ends_at = inputs.DateTimeField(
        label=gettext_lazy("结束"), widget=IsoDateTimeInput(), input_formats=DATETIME_INPUT_FORMATS
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        officers = [u.pk for u in union_rights_officers()]
        self.fields["worker"].queryset = User.objects.filter(pk__in=officers).order_by(  # type: ignore[attr-defined]
            "display_name"
        )


@require_http_methods(["GET", "POST"])
@role_required(manages_legal_roster)
def roster(request: HttpRequest) -> HttpResponse:
    form = DutyShiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_add_duty_shift(
                data["worker"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=request.user,
                request=request,
            )
        except ShiftInvalid as error:
            for name, message in error.errors.items():
                form.add_error(name, message)
        else:
            messages.success(request, _("值班已添加。"))
            return redirect("rights:roster")
    now = timezone.now()
    people, rostered = urgent_legal_workers(now)
    shifts = (
        LegalDutyShift.objects.filter(ends_at__gt=now, starts_at__lt=now + timedelta(ROSTER_DAYS))
        .select_related("worker")
        .order_by("starts_at", "pk")
    )
    context = {
        "form": form,
        "on_duty": people if rostered else [],
        "fallback": [] if rostered else people,
        "shifts": shifts,
        "now": now,
        "days": ROSTER_DAYS,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "rights/roster.html", context, status=status)


@require_POST
@role_required(manages_legal_roster)
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    shift = LegalDutyShift.objects.filter(pk=pk).first()
    if shift is None:
        raise Http404
    do_remove_duty_shift(shift, by=request.user, request=request)
    messages.success(request, _("值班已删除。"))
    return redirect("rights:roster")
