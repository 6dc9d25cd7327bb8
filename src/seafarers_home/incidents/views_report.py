"""A crewmate in crisis: the master's or officer's report, and the guide they get at once
(a plain page with no script and no outside resource, readable offline once loaded)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.incidents.access import is_ship_officer
from seafarers_home.incidents.actions.opening import IncidentInvalid
from seafarers_home.incidents.actions.reports import ReportInput, do_report_crewmate
from seafarers_home.incidents.crew import crew_of
from seafarers_home.incidents.forms import CrewmateReportForm
from seafarers_home.organisations.models import SeafarerProfile, Vessel
from seafarers_home.permissions.decorators import role_required, seafarer_required


def _own_vessel(request: HttpRequest) -> Vessel | None:
    profile = SeafarerProfile.objects.filter(user=request.user).select_related("current_vessel")
    found = profile.first()
    return found.current_vessel if found is not None else None


@role_required(is_ship_officer)
def report_new(request: HttpRequest) -> HttpResponse:
    own = _own_vessel(request)
    vessels = Vessel.objects.filter(pk=own.pk) if own is not None else Vessel.objects.none()
    crew = crew_of(own).exclude(pk=request.user.pk) if own is not None else None
    form = CrewmateReportForm(
        request.POST or None, vessels=vessels, crew=crew, initial={"vessel": own}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            do_report_crewmate(
                request.user,
                ReportInput(
                    reported=data["reported"],
                    vessel=data["vessel"],
                    observation=data["observation"],
                    reach=data["reach"],
                    position=data["position"],
                    name_the_reporter=data["name_the_reporter"],
                ),
                idempotency_key=data["idempotency_key"],
                request=request,
            )
        except IncidentInvalid as error:
            form.add_error(None, str(error))
        except IdempotencyConflict:
            form.add_error(None, str(FORM_CONFLICT_MESSAGE))
        else:
            messages.success(request, _("报告已送达医院,值班医生会尽快联系船上。"))
            return redirect("incidents:guide")
    status = 400 if form.errors else 200
    return render(request, "incidents/report_new.html", {"form": form}, status=status)


@require_GET
@seafarer_required
def guide(request: HttpRequest) -> HttpResponse:
    return render(request, "incidents/guide.html")
