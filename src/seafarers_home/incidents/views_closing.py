"""After the incident: hand a person's care over, close the incident, the closing summary
(aggregates, small cells suppressed) and the post-incident review checklist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.incidents.access import (
    get_incident_for_user,
    get_person_for_user,
    may_coordinate,
)
from seafarers_home.incidents.actions.closing import (
    REVIEW_ITEMS,
    do_close_incident,
    do_hand_over_person,
    do_record_review,
    unfinished_people,
)
from seafarers_home.incidents.actions.opening import IncidentInvalid
from seafarers_home.incidents.summary import closing_summary


@require_POST
@login_required
def person_hand_over(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    try:
        do_hand_over_person(person, request.user, request=request)
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已转交后续照护。"))
    return redirect("incidents:person", person.pk)


@require_POST
@login_required
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    try:
        do_close_incident(incident, request.user, request=request)
    except IncidentInvalid as error:
        messages.error(request, str(error))
        return redirect("incidents:board", incident.pk)
    messages.success(request, _("事件已结束。"))
    return redirect("incidents:summary", incident.pk)


@require_GET
@login_required
def incident_summary(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    context = {
        "incident": incident,
        "summary": closing_summary(incident),
        "remaining": unfinished_people(incident).count(),
        "review_items": [
            (code, label, code in incident.review_done) for code, label in REVIEW_ITEMS.items()
        ],
        "may_coordinate": may_coordinate(request.user, incident),
    }
    return render(request, "incidents/summary.html", context)


@require_POST
@login_required
def incident_review(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_incident_for_user(request.user, pk)
    try:
        do_record_review(incident, request.user, done=request.POST.getlist("done"), request=request)
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已保存复盘清单。"))
    return redirect("incidents:summary", incident.pk)
