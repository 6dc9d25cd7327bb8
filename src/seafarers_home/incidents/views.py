"""The team's incident pages: the list, opening an incident, the board, adding people.

The board shows operational states only (tasks done, due, overdue; who is reached; the team;
the timeline) to every responder; nothing clinical is on it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict
from seafarers_home.incidents.access import (
    carers,
    get_incident_for_user,
    incidents_for_user,
    is_incident_opener,
    is_incident_responder,
    may_coordinate,
)
from seafarers_home.incidents.actions.opening import (
    IncidentInput,
    IncidentInvalid,
    do_add_affected_people,
    do_open_incident,
)
from seafarers_home.incidents.actions.response import do_assign_unassigned
from seafarers_home.incidents.board import build_board
from seafarers_home.incidents.crew import crew_of
from seafarers_home.incidents.forms import AddPeopleForm, AssignForm, IncidentForm
from seafarers_home.organisations.models import Vessel
from seafarers_home.permissions.decorators import role_required

LIST_LIMIT = 100
TIMELINE_LIMIT = 200


@require_GET
@role_required(is_incident_responder)
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = incidents_for_user(request.user)
    context = {
        "open": incidents.filter(status="open").order_by("-occurred_at")[:LIST_LIMIT],
        "closed": incidents.filter(status="closed").order_by("-occurred_at")[:20],
        "may_open": is_incident_opener(request.user),
    }
    return render(request, "incidents/list.html", context)


def _vessel(request: HttpRequest) -> Vessel | None:
    value = request.POST.get("vessel") or request.GET.get("vessel") or ""
    if not value.isdigit() or len(value) > 18:  # beyond the database's integers: no vessel
        return None
    return Vessel.objects.filter(pk=int(value)).first()


@role_required(is_incident_opener)
def incident_new(request: HttpRequest) -> HttpResponse:
    vessel = _vessel(request)
    if vessel is None:
        if request.method == "POST":
            messages.error(request, _("请先选择船舶。"))
        vessels = Vessel.objects.select_related("company").order_by("name")
        return render(request, "incidents/pick_vessel.html", {"vessels": vessels})
    crew = crew_of(vessel)
    form = IncidentForm(request.POST or None, crew=crew)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident, created = do_open_incident(
                IncidentInput(
                    kind=data["kind"],
                    occurred_at=data["occurred_at"],
                    vessel=vessel,
                    seafarers=list(data["seafarers"]),
                    phones=data["phones"],
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    place=data["place"],
                ),
                request.user,
                idempotency_key=data["idempotency_key"],
                request=request,
            )
        except IncidentInvalid as error:
            form.add_error(None, str(error))
        except IdempotencyConflict:
            form.add_error(None, str(FORM_CONFLICT_MESSAGE))
        else:
            if created:
                messages.success(request, _("事件已开启,已呼叫值班精神科医生。"))
            return redirect("incidents:board", incident.pk)
    context = {"form": form, "vessel": vessel, "crew_count": crew.count()}
    return render(request, "incidents/new.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def incident_board(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    timeline = incident.events.select_related("actor", "person", "task").order_by("-created_at")
    context = {
        "incident": incident,
        "board": build_board(incident),
        "timeline": timeline[:TIMELINE_LIMIT],
        "team": sorted(
            {p.responder for p in incident.people.select_related("responder") if p.responder},
            key=lambda user: user.pk,
        ),
        "add_form": AddPeopleForm(crew=crew_of(incident.vessel)),
        "assign_form": AssignForm(carers=carers()),
        "may_coordinate": may_coordinate(request.user, incident),
    }
    return render(request, "incidents/board.html", context)


@require_POST
@login_required
def incident_assign_all(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    form = AssignForm(request.POST, carers=carers())
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("incidents:board", incident.pk)
    try:
        n = do_assign_unassigned(
            incident, form.cleaned_data["responder"], request.user, request=request
        )
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已为 %(n)s 人指派负责人员。") % {"n": n})
    return redirect("incidents:board", incident.pk)


@require_POST
@login_required
def incident_add_people(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    form = AddPeopleForm(request.POST, crew=crew_of(incident.vessel))
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("incidents:board", incident.pk)
    try:
        added = do_add_affected_people(
            incident,
            request.user,
            seafarers=list(form.cleaned_data["seafarers"]),
            phones=form.cleaned_data["phones"],
            request=request,
        )
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已添加 %(n)s 人,并为每人生成了应对任务。") % {"n": len(added)})
    return redirect("incidents:board", incident.pk)
