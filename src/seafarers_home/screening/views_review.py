"""Clinician review pages, clearance forms, the employer's consented clearance list and the
seafarer's own clearances. Clinician pages answer 404 to everyone else, and every read of
screening data is written to the audit trail."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.services import has_consent
from seafarers_home.core import inputs
from seafarers_home.core.widgets import IsoDateInput
from seafarers_home.organisations.access import (
    officer_companies,
    seafarers_for_user,
    sees_all_companies,
)
from seafarers_home.organisations.forms import CompanyFilterForm
from seafarers_home.permissions.decorators import require, role_required, seafarer_required
from seafarers_home.permissions.roles import is_clinician, is_company_viewer
from seafarers_home.screening.access import get_screening_for_user
from seafarers_home.screening.actions import do_issue_clearance, do_record_review
from seafarers_home.screening.instruments import Instrument, UnknownInstrument, get_instrument
from seafarers_home.screening.models import Clearance, Response, Review, RiskLevel, Screening
from seafarers_home.screening.review import (
    EMPLOYER_PURPOSE,
    NOTE_MAX_LENGTH,
    REVIEW_PURPOSE,
    clearances_visible_to_employer,
    pending_reviews,
    validate_follow_up_on,
    validate_valid_until,
)

PAGE_SIZE = 50
DATE_WIDGET = IsoDateInput()


class RiskFilterForm(forms.Form):
    risk = forms.ChoiceField(
        label=gettext_lazy("风险等级"),
        choices=[("", gettext_lazy("全部")), *RiskLevel.choices],
        required=False,
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("复核记录"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=NOTE_MAX_LENGTH,
        help_text=gettext_lazy("加密保存,仅医生可见。"),
    )
    follow_up_on = inputs.DateField(
        label=gettext_lazy("随访日期"), required=False, widget=DATE_WIDGET
    )

    def clean_follow_up_on(self) -> Any:
        value = self.cleaned_data.get("follow_up_on")
        validate_follow_up_on(value)
        return value


class ClearanceForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("结论"), choices=Clearance.Decision.choices, widget=forms.RadioSelect
    )
    valid_until = inputs.DateField(label=gettext_lazy("有效期至"), widget=DATE_WIDGET)
    crisis_assessed = forms.BooleanField(
        label=gettext_lazy("我已评估过海员现在的安全状况(这次心理CT有危机信号时需要确认)"),
        required=False,
    )

    def clean_valid_until(self) -> Any:
        value = self.cleaned_data.get("valid_until")
        if value is not None:
            validate_valid_until(value)
        return value


@dataclass
class AnswerRow:
    item_id: str
    text: str
    value: Any
    label: str = ""
    safety: bool = False


@dataclass
class ResponseView:
    response: Response
    title: str
    band_label: str = ""
    rows: list[AnswerRow] = field(default_factory=list)
    # Its Chinese text is our translation awaiting a clinician's review (the instrument file).
    zh_needs_review: bool = False


def _instrument(code: str, version: str) -> Instrument | None:
    # A response outlives a withdrawn instrument version: show raw item ids then.
    try:
        return get_instrument(code, version)
    except UnknownInstrument:
        return None


def _response_view(response: Response) -> ResponseView:
    try:
        answers = json.loads(response.answers or "{}")
    except ValueError:
        answers = {}
    instrument = _instrument(response.instrument_code, response.instrument_version)
    if instrument is None:
        rows = [AnswerRow(str(k), str(k), v) for k, v in answers.items()]
        return ResponseView(response, response.instrument_code, response.band, rows)
    rows = []
    for item in instrument.items:
        value = answers.get(item.id)
        label = next((o.label for o in item.options if o.value == value), "")
        rows.append(AnswerRow(item.id, item.text, value, label, bool(item.safety)))
    band = next((b for b in instrument.bands if b.code == response.band), None)
    label = band.label if band else response.band
    return ResponseView(response, instrument.title, label, rows, instrument.zh_needs_review)


def _detail_context(screening: Screening, **forms_: Any) -> dict[str, Any]:
    seafarer = screening.seafarer
    history = (
        Screening.objects.filter(seafarer=seafarer, status=Screening.Status.COMPLETED)
        .exclude(pk=screening.pk)
        .prefetch_related("responses")
        .order_by("-completed_at")[:20]
    )
    for past in history:
        # Instruments by their names and bands, never the stored codes ("WHO5 80 · PHQ4 4").
        past.score_views = [_response_view(r) for r in past.responses.all()]
    return {
        "screening": screening,
        "seafarer": seafarer,
        "profile": getattr(seafarer, "seafarer_profile", None),
        "responses": [_response_view(r) for r in screening.responses.order_by("created_at")],
        "history": history,
        "reviews": Review.objects.filter(screening__seafarer=seafarer).select_related(
            "clinician", "screening"
        )[:20],
        "clearances": Clearance.objects.filter(seafarer=seafarer).select_related("clinician")[:20],
        "shares_clearance": has_consent(seafarer, ConsentKind.SHARE_CLEARANCE),
        "review_form": forms_.get("review_form") or ReviewForm(),
        "clearance_form": forms_.get("clearance_form") or ClearanceForm(),
    }


def _reviewable(request: HttpRequest, pk: int) -> Screening:
    require(is_clinician, request.user)
    screening = get_screening_for_user(request.user, pk)
    if screening.status != Screening.Status.COMPLETED:
        raise Http404
    return screening


@role_required(is_clinician)
@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    filter_form = RiskFilterForm(request.GET or None)
    risk = filter_form.cleaned_data["risk"] if filter_form.is_valid() else ""
    page = Paginator(pending_reviews(risk), PAGE_SIZE).get_page(request.GET.get("page"))
    record_read(
        request.user,
        "screening.review_queue",
        purpose=REVIEW_PURPOSE,
        request=request,
        detail={"risk": risk, "screenings": [s.pk for s in page.object_list]},
    )
    context = {"page": page, "filter_form": filter_form, "now": timezone.now(), "risk": risk}
    return render(request, "screening/review_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = _reviewable(request, pk)
    review_form = ReviewForm(request.POST or None)
    if request.method == "POST" and review_form.is_valid():
        try:
            do_record_review(
                screening,
                request.user,
                review_form.cleaned_data["note"],
                review_form.cleaned_data["follow_up_on"],
                request=request,
            )
        except ValidationError as error:
            review_form.add_error(None, error)
        else:
            messages.success(request, _("复核记录已保存。"))
            return redirect("screening:review_detail", pk=screening.pk)
    record_read(
        request.user,
        "screening.view",
        target=screening,
        purpose=REVIEW_PURPOSE,
        request=request,
    )
    context = _detail_context(screening, review_form=review_form)
    return render(request, "screening/review_detail.html", context)


@login_required
@require_POST
def clearance_new(request: HttpRequest, pk: int) -> HttpResponse:
    screening = _reviewable(request, pk)
    form = ClearanceForm(request.POST)
    if form.is_valid():
        try:
            do_issue_clearance(
                screening.seafarer,
                request.user,
                form.cleaned_data["decision"],
                form.cleaned_data["valid_until"],
                screening=screening,
                request=request,
                crisis_assessed=form.cleaned_data["crisis_assessed"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("健康入职结论已出具。"))
            return redirect("screening:review_detail", pk=screening.pk)
    record_read(
        request.user,
        "screening.view",
        target=screening,
        purpose=REVIEW_PURPOSE,
        request=request,
    )
    context = _detail_context(screening, clearance_form=form)
    return render(request, "screening/review_detail.html", context)


@role_required(is_company_viewer)
@require_GET
def crew_clearances(request: HttpRequest) -> HttpResponse:
    # Name, vessel and — only with the seafarer's consent — the clearance. Never answers,
    # scores, bands, risk levels or notes: this page is for employers.
    crew = seafarers_for_user(request.user)
    filter_form = None
    if sees_all_companies(request.user):
        filter_form = CompanyFilterForm(request.GET or None)
        if filter_form.is_valid() and filter_form.cleaned_data["company"] is not None:
            crew = crew.filter(company=filter_form.cleaned_data["company"])
    page = Paginator(crew.order_by("company__name", "real_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    visible = clearances_visible_to_employer(p.user_id for p in page.object_list)
    rows = [(profile, visible.get(profile.user_id)) for profile in page.object_list]
    record_read(
        request.user,
        "clearance.employer_view",
        purpose=EMPLOYER_PURPOSE,
        request=request,
        detail={"seafarers": [p.user_id for p in page.object_list], "shown": sorted(visible)},
    )
    context = {
        "page": page,
        "rows": rows,
        "filter_form": filter_form,
        "companies": officer_companies(request.user),
    }
    return render(request, "screening/clearance_crew.html", context)


@seafarer_required(health_consent=True)
@require_GET
def my_clearances(request: HttpRequest) -> HttpResponse:
    context = {
        "clearances": Clearance.objects.filter(seafarer=request.user).select_related("clinician")[
            :50
        ],
        "shares_clearance": has_consent(request.user, ConsentKind.SHARE_CLEARANCE),
        "today": timezone.localdate(),
    }
    return render(request, "screening/clearance_mine.html", context)
