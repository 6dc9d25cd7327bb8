"""One affected person: their tasks and contacts for the team; the clinical part (scores, the
score and referral forms) for the person's assigned clinician only, each read audited. And the
seafarer's own page: who looks after them, how to reach them, what comes next."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.incidents.access import (
    carers,
    get_own_family_contact,
    get_own_record,
    get_own_task,
    get_person_for_user,
    get_task_for_assigned_clinician,
    is_assigned_clinician,
    may_coordinate,
    my_records,
)
from seafarers_home.incidents.actions.family import (
    do_add_family_contact,
    do_remove_family_contact,
)
from seafarers_home.incidents.actions.opening import PURPOSE, IncidentInvalid
from seafarers_home.incidents.actions.response import (
    CONTACT_KINDS,
    do_ask_for_contact,
    do_assign_responder,
    do_record_clinical_score,
    do_record_contact,
    do_refer_person,
    scorable_by_clinician,
)
from seafarers_home.incidents.board import DONE, LATER, task_state
from seafarers_home.incidents.forms import (
    AssignForm,
    ContactForm,
    FamilyContactForm,
    ScoreForm,
)
from seafarers_home.incidents.models import AffectedPerson, CrewmateReport, ResponseTask
from seafarers_home.permissions.decorators import seafarer_required
from seafarers_home.screening.actions import do_start_screening
from seafarers_home.screening.instruments import UnknownInstrument, get_instrument
from seafarers_home.screening.models import Response
from seafarers_home.screening.services import next_instrument


def _responses_since(person: AffectedPerson) -> list[dict]:
    """The person's 心理CT results since they were added, each with its review page and whether
    its Chinese text still awaits a clinician's review: for their assigned clinician only."""
    if person.seafarer_id is None:
        return []
    rows = []
    for response in (
        Response.objects.filter(seafarer_id=person.seafarer_id, created_at__gte=person.created_at)
        .only(
            "instrument_code",
            "instrument_version",
            "total_score",
            "band",
            "safety_positive",
            "created_at",
            "screening",
        )
        .order_by("created_at")
    ):
        try:
            instrument = get_instrument(response.instrument_code, response.instrument_version)
        except UnknownInstrument:
            instrument = None
        band = (
            next((b for b in instrument.bands if b.code == response.band), None)
            if instrument
            else None
        )
        rows.append(
            {
                "response": response,
                # The instrument's and the band's names, as the review pages show them.
                "title": instrument.title if instrument else response.instrument_code.upper(),
                "band_label": band.label if band else response.band,
                "zh_needs_review": bool(instrument and instrument.zh_needs_review),
            }
        )
    return rows


def _contact_tasks(person: AffectedPerson):
    return person.tasks.filter(kind__in=CONTACT_KINDS)


@require_GET
@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    now = timezone.now()
    clinical = is_assigned_clinician(request.user, person)
    if clinical:
        record_read(request.user, "incidents.read", target=person, purpose=PURPOSE, request=request)
    tasks = [(task, task_state(task, now)) for task in person.tasks.all()]
    context = {
        "person": person,
        "incident": person.incident,
        "tasks": tasks,
        "events": person.events.select_related("actor", "task").order_by("-created_at"),
        "may_coordinate": may_coordinate(request.user, person.incident),
        "assign_form": AssignForm(carers=carers(), initial={"responder": person.responder}),
        "contact_form": ContactForm(tasks=_contact_tasks(person)),
        "clinical": clinical,
        "scores": person.clinical_scores.select_related("task") if clinical else [],
        "responses": _responses_since(person) if clinical else [],
        "score_tasks": [
            task for task, state in tasks if scorable_by_clinician(task) and state != "done"
        ]
        if clinical
        else [],
        "score_form": ScoreForm(),
        "family": person.family_contacts.all(),
    }
    return render(request, "incidents/person.html", context)


def _back(person: AffectedPerson) -> HttpResponse:
    return redirect("incidents:person", person.pk)


def _form_error(request: HttpRequest, form) -> None:
    messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))


@require_POST
@login_required
def person_assign(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    form = AssignForm(request.POST, carers=carers())
    if not form.is_valid():
        _form_error(request, form)
        return _back(person)
    try:
        do_assign_responder(person, form.cleaned_data["responder"], request.user, request=request)
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已指派负责人员。"))
    return _back(person)


@require_POST
@login_required
def person_contact(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    form = ContactForm(request.POST, tasks=_contact_tasks(person))
    if not form.is_valid():
        _form_error(request, form)
        return _back(person)
    try:
        do_record_contact(
            person,
            request.user,
            task=form.cleaned_data["task"],
            channel=form.cleaned_data["channel"],
            reached=form.cleaned_data["reached"],
            request=request,
        )
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录联系。"))
    return _back(person)


@require_POST
@login_required
def task_score(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_task_for_assigned_clinician(request.user, pk)
    form = ScoreForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return _back(task.person)
    try:
        do_record_clinical_score(
            task, request.user, total=form.cleaned_data["total"], request=request
        )
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录评估。"))
    return _back(task.person)


@require_POST
@login_required
def person_refer(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk)
    try:
        do_refer_person(person, request.user, request=request)
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已转介远程咨询与绿色通道,并通知了海员。"))
    return _back(person)


@require_POST
@seafarer_required
def family_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_own_record(request.user, pk)
    form = FamilyContactForm(request.POST)
    if not form.is_valid():
        _form_error(request, form)
        return redirect("incidents:mine")
    try:
        do_add_family_contact(person, request.user, **form.cleaned_data, request=request)
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已添加家属联系人。医院团队可能会联系他们。"))
    return redirect("incidents:mine")


@require_POST
@seafarer_required
def ask_for_contact(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_own_record(request.user, pk)
    try:
        do_ask_for_contact(
            person, request.user, number=request.POST.get("number", ""), request=request
        )
    except IncidentInvalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已告诉负责您的人员,他们会尽快联系您。"))
    return redirect("incidents:mine")


@require_POST
@seafarer_required(health_consent=True)
def take_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Start (or resume) the screening one of the seafarer's own tasks assigns — PC-PTSD-5 +
    PHQ-4, or the PCL-5 — on the 心理CT pages; answering it completes the task (``facts``)."""
    task = get_own_task(request.user, pk)
    state = task_state(task, timezone.now())
    if task.kind != ResponseTask.Kind.SCREENING or state in (DONE, LATER):
        messages.info(request, _("这项心理CT现在不需要做。"))
        return redirect("incidents:mine")
    screening = do_start_screening(
        request.user, None, instrument_codes=list(task.instruments), request=request
    )
    code = next_instrument(screening)
    if code is None:
        return redirect("screening:result", pk=screening.pk)
    return redirect("screening:take", pk=screening.pk, code=code)


@require_POST
@seafarer_required
def family_remove(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_own_family_contact(request.user, pk)
    do_remove_family_contact(contact, request.user, request=request)
    messages.success(request, _("已删除家属联系人。"))
    return redirect("incidents:mine")


@require_GET
@seafarer_required
def mine(request: HttpRequest) -> HttpResponse:
    """Only the seafarer's own care: their carer, how to reach help, their next steps."""
    now = timezone.now()
    records = []
    for person in my_records(request.user):
        tasks = [(task, task_state(task, now)) for task in person.tasks.all()]
        # What comes next for the seafarer: the carer's call to their family is not theirs to do.
        upcoming = [
            (task, state)
            for task, state in tasks
            if state != "done" and task.kind != ResponseTask.Kind.FAMILY
        ]
        records.append(
            {
                "person": person,
                "family": list(person.family_contacts.all()),
                "next": upcoming[:3],
                "screens": [
                    task
                    for task, state in upcoming
                    if task.kind == ResponseTask.Kind.SCREENING and state != LATER
                ],
            }
        )
    reports = CrewmateReport.objects.filter(reported=request.user).select_related(
        "reporter__seafarer_profile", "vessel"
    )
    context = {
        "records": records,
        "reports": reports.order_by("-created_at")[:10],
        "family_form": FamilyContactForm(),
    }
    return render(request, "incidents/mine.html", context)
