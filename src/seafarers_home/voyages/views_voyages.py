"""Voyage pages: the seafarer's own voyages and phase, officers' and union staff's voyage
lists, recording a crew (form or CSV), a voyage's departure / return / cancellation, and the
pre-departure readiness of a crew.

Officer and union pages show names, vessels and dates; of health only "screening done",
"training done" and — with the seafarer's share_clearance consent — the clearance. Never an
answer, score, band or risk level. Seafarers' own pages need the health-data consent
(voyage care is a health service)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.accounts.models import Role
from seafarers_home.audit.reads import record_read
from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.core.idempotency import was_replayed
from seafarers_home.organisations.access import (
    officer_companies,
    require_company_viewer,
    seafarers_for_user,
    sees_all_companies,
    visible_company_ids,
)
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_company_viewer
from seafarers_home.screening.review import EMPLOYER_PURPOSE, clearances_visible_to_employer
from seafarers_home.screening.training import pre_departure_readiness
from seafarers_home.voyages import actions
from seafarers_home.voyages import services_voyages as services
from seafarers_home.voyages.access import (
    company_voyages_for_user,
    get_crew_batch_for_user,
    get_voyage_for_user,
    voyages_for_user,
)
from seafarers_home.voyages.csv_crew import MAX_BYTES, CrewImportError, do_import_crew
from seafarers_home.voyages.forms_voyages import (
    CrewForm,
    CrewImportForm,
    DayForm,
    OwnVoyageForm,
    VesselPickForm,
    VoyageFilterForm,
)
from seafarers_home.voyages.models import Phase, Voyage
from seafarers_home.voyages.phases import is_late, phase_on, seafarer_phase, seafarer_today

PAGE_SIZE = 50
PHASE_MEANINGS = {
    Phase.BEFORE_DEPARTURE: gettext_lazy(
        "出海前:请在出海前做好心理CT、学完心理健康课程,并请医生出具健康入职结论。"
    ),
    Phase.AT_SEA: gettext_lazy(
        "出海中:在海上也可以随时在线留言咨询,或拨打每页顶部的心理热线。"
        "每 30 天请做一次简短的心情打卡。回到港口后请登记归港日期。"
    ),
    Phase.AFTER_RETURN: gettext_lazy(
        "归港后(回家的头 30 天):请在归港 7 天内再做一次心理CT,看看“安心回家”计划;"
        "压力大时可以走绿色通道,优先到医院海员心理咨询科就诊。"
    ),
    Phase.ASHORE: gettext_lazy(
        "在岸:现在没有进行中的航次。下次出海前请登记航次,我们会按出海前、出海中、归港后提醒您。"
    ),
}


def _own_without_consent(request: HttpRequest, voyage: Voyage) -> bool:
    return voyage.seafarer_id == request.user.pk and not has_health_data_consent(request.user)


def _row(voyage: Voyage) -> dict[str, Any]:
    today = seafarer_today(voyage.seafarer)
    phase = phase_on(voyage, today)
    return {"voyage": voyage, "phase": Phase(phase).label, "late": is_late(voyage, today)}


@seafarer_required(health_consent=True)
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    phase = seafarer_phase(request.user)
    voyages = voyages_for_user(request.user).filter(seafarer=request.user)[:30]
    context = {
        "phase": Phase(phase).label,
        "meaning": PHASE_MEANINGS[phase],
        "rows": [_row(voyage) for voyage in voyages],
    }
    return render(request, "voyages/mine.html", context)


@seafarer_required(health_consent=True)
@require_http_methods(["GET", "POST"])
def record_own(request: HttpRequest) -> HttpResponse:
    profile = SeafarerProfile.objects.filter(user=request.user).first()
    if profile is None:
        # Name what is missing and link to it, instead of a refusal after the form is filled.
        return render(request, "voyages/record_own_needs_profile.html", status=200)
    vessel = profile.current_vessel
    form = OwnVoyageForm(
        request.POST or None, initial={"vessel": vessel.registration_number if vessel else ""}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.do_record_voyage(
                request.user,
                vessel=data["vessel"],
                planned_departure=data["planned_departure"],
                expected_return=data["expected_return"],
                recorded_by=request.user,
                source=Voyage.Source.SELF,
                request=request,
            )
        except services.VoyageInvalid as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("航次已登记。"))
            return redirect("voyages:mine")
    status = 422 if request.method == "POST" else 200
    return render(request, "voyages/record_own.html", {"form": form}, status=status)


@role_required(is_company_viewer)
@require_GET
def voyage_list(request: HttpRequest) -> HttpResponse:
    voyages = company_voyages_for_user(request.user)
    all_companies = sees_all_companies(request.user)
    filters = VoyageFilterForm(request.GET or None, all_companies=all_companies)
    if filters.is_valid():
        if filters.cleaned_data["phase"]:
            voyages = voyages.filter(phase=filters.cleaned_data["phase"])
        if filters.cleaned_data.get("company") is not None:
            voyages = voyages.filter(company=filters.cleaned_data["company"])
    page = Paginator(voyages.order_by("-planned_departure", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": [_row(voyage) for voyage in page.object_list],
        "filters": filters,
        "query": query.urlencode(),
        "companies": officer_companies(request.user),
    }
    return render(request, "voyages/list.html", context)


def _crew_of(request: HttpRequest, vessel: Any) -> list[Any]:
    on_board = Case(
        When(current_vessel=vessel, then=Value(0)), default=1, output_field=IntegerField()
    )
    crew = seafarers_for_user(request.user).filter(
        company_id=vessel.company_id, user__is_active=True, user__role_grants__role=Role.SEAFARER
    )
    return list(
        crew.select_related("user")
        .annotate(on_board=on_board)
        .order_by("on_board", "real_name", "pk")
        .distinct()
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_crew(request: HttpRequest) -> HttpResponse:
    company_ids = require_company_viewer(request.user)
    pick = VesselPickForm(request.GET or request.POST or None, company_ids=company_ids)
    if not pick.is_valid():
        return render(request, "voyages/record_crew.html", {"pick": pick})
    vessel = pick.cleaned_data["vessel"]
    crew = _crew_of(request, vessel)
    initial = {
        "vessel": vessel.registration_number,
        "seafarers": [p.user_id for p in crew if p.on_board == 0],
    }
    form = CrewForm(request.POST or None, crew=crew, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = [p.user for p in crew if p.user_id in set(data["seafarers"])]
        source = Voyage.Source.COMPANY if officer_companies(request.user) else Voyage.Source.UNION
        try:
            voyages = actions.do_record_crew(
                people,
                vessel=vessel,
                planned_departure=data["planned_departure"],
                expected_return=data["expected_return"],
                recorded_by=request.user,
                source=source,
                request=request,
            )
        except services.VoyageInvalid as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("已登记 %(n)d 位船员的航次。") % {"n": len(voyages)})
            return redirect("voyages:readiness", batch=voyages[0].crew_batch)
    status = 422 if request.method == "POST" else 200
    context = {"pick": pick, "vessel": vessel, "form": form}
    return render(request, "voyages/record_crew.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def crew_import(request: HttpRequest) -> HttpResponse:
    require_company_viewer(request.user)
    form = CrewImportForm(request.POST or None, request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["crew_list"].read(MAX_BYTES + 1)
        try:
            voyages = do_import_crew(request.user, data, request=request)
        except CrewImportError as exc:
            row_errors = exc.errors
        else:
            # A list sent again records nothing twice: say what is new and what was there.
            new = sum(1 for voyage in voyages if not was_replayed(voyage))
            if new == len(voyages):
                messages.success(request, _("已导入 %(n)d 个航次。") % {"n": new})
            else:
                messages.info(
                    request,
                    _("已导入 %(new)d 个航次;另有 %(old)d 个航次之前已经登记过,没有重复登记。")
                    % {"new": new, "old": len(voyages) - new},
                )
            batches = {voyage.crew_batch for voyage in voyages}
            if len(batches) == 1:
                return redirect("voyages:readiness", batch=batches.pop())
            return redirect("voyages:list")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "row_errors": row_errors}
    return render(request, "voyages/import.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    voyage = get_voyage_for_user(request.user, pk)
    if _own_without_consent(request, voyage):
        return consent_required_response(request)
    row = _row(voyage)
    sailed = voyage.actual_departure is not None or voyage.actual_return is not None
    context = {
        **row,
        "open": voyage.cancelled_at is None,
        "cancellable": voyage.cancelled_at is None and not sailed,
        "company_viewer": visible_company_ids(request.user) != [],
        "today": seafarer_today(request.user),
    }
    return render(request, "voyages/detail.html", context)


def _change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    voyage = get_voyage_for_user(request.user, pk)
    if _own_without_consent(request, voyage):
        return consent_required_response(request)
    form = DayForm(request.POST)
    try:
        if action == "cancel":
            actions.do_cancel_voyage(voyage, request.user, request=request)
        elif not form.is_valid():
            raise services.VoyageInvalid([_("请填写有效的日期。")])
        elif action == "depart":
            actions.do_record_departure(
                voyage, form.cleaned_data["day"], request.user, request=request
            )
        else:
            actions.do_record_return(
                voyage, form.cleaned_data["day"], request.user, request=request
            )
    except services.VoyageInvalid as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已保存。"))
    return redirect("voyages:detail", pk=voyage.pk)


@login_required
@require_POST
def depart(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "depart")


@login_required
@require_POST
def return_home(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "return")


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _change(request, pk, "cancel")


@login_required
@require_GET
def readiness(request: HttpRequest, batch: str) -> HttpResponse:
    # Screening done, training done, and the clearance only where the seafarer consented to
    # share it (screening.review's rule). Nothing else about anyone's health.
    voyages = get_crew_batch_for_user(request.user, batch)
    ids = [voyage.seafarer_id for voyage in voyages]
    visible = clearances_visible_to_employer(ids)
    rows = []
    for voyage in voyages:
        facts = pre_departure_readiness(voyage.seafarer)
        rows.append(
            (
                voyage,
                facts["screening_done"],
                facts["training_done"],
                visible.get(voyage.seafarer_id),
            )
        )
    record_read(
        request.user,
        "voyages.readiness_view",
        purpose=EMPLOYER_PURPOSE,
        request=request,
        detail={"batch": batch, "seafarers": ids, "clearances_shown": sorted(visible)},
    )
    context = {"first": voyages[0], **_row(voyages[0]), "rows": rows}
    return render(request, "voyages/readiness.html", context)
