"""Crew campaign pages for company officers and union staff. They show invitees as done / not
yet and suppressed aggregates only: no page here ever renders a person's answers, score, band
or risk level."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from seafarers_home.core import inputs
from seafarers_home.lib.csv_files import RowError
from seafarers_home.organisations.access import sees_all_companies
from seafarers_home.organisations.models import Organisation, Vessel
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_company_viewer
from seafarers_home.screening.actions_campaigns import do_create_campaign, do_import_invites
from seafarers_home.screening.band_report import union_report_page
from seafarers_home.screening.campaigns import (
    CampaignImportError,
    campaign_distributions,
    campaigns_for_user,
    get_campaign_for_user,
    invitable_company_ids,
    invite_rows,
    organiser_organisation,
)
from seafarers_home.screening.csv_import import MAX_BYTES, parse_invitees
from seafarers_home.screening.models import Battery
from seafarers_home.screening.services import general_batteries

CSV_HELP = gettext_lazy(
    "CSV 文件,第一行为表头:seafarers_book_number(海员证号)或 phone(手机号码)。"
    "UTF-8 或 Excel 导出的 GBK 编码均可。有任何一行出错时,整个文件都不会导入。"
)


class CampaignForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("名称"), max_length=120)
    battery = forms.ModelChoiceField(
        label=gettext_lazy("心理CT组合"), queryset=Battery.objects.filter(is_active=True)
    )
    deadline = inputs.DateTimeField(label=gettext_lazy("截止时间"))
    vessel = forms.ModelChoiceField(
        label=gettext_lazy("邀请这艘船的在船船员"),
        queryset=Vessel.objects.none(),
        required=False,
    )
    invitees = forms.FileField(label=gettext_lazy("或上传名单"), required=False, help_text=CSV_HELP)

    def __init__(self, *args: Any, company_ids: list[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Never a battery holding an instrument given only when assigned (the PCL-5).
        self.fields["battery"].queryset = general_batteries()  # type: ignore[attr-defined]
        vessels = Vessel.objects.order_by("name")
        if company_ids is not None:
            vessels = vessels.filter(company_id__in=company_ids)
        self.fields["vessel"].queryset = vessels

    def clean_deadline(self) -> Any:
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("截止时间须在将来。"))
        return deadline

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("vessel") and not data.get("invitees") and not self.errors:
            raise forms.ValidationError(_("请选择一艘船,或上传名单。"))
        return data


class ImportForm(forms.Form):
    invitees = forms.FileField(label=gettext_lazy("名单文件"), help_text=CSV_HELP)


def _read(upload: Any) -> bytes:
    # One byte over the limit is enough for parse_invitees to refuse the file.
    return upload.read(MAX_BYTES + 1)


@role_required(is_company_viewer)
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = list(campaigns_for_user(request.user)[:200])
    report: list[tuple[Organisation, Any]] = []
    page = None
    if sees_all_companies(request.user):
        # One page of companies at a time, suppressed for that page only (band_report.py).
        page, report = union_report_page(request.GET.get("page"), Organisation.objects)
    context = {
        "campaigns": campaigns,
        "report": report,
        "page": page,
        "is_union": sees_all_companies(request.user),
    }
    return render(request, "screening/campaign_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_new(request: HttpRequest) -> HttpResponse:
    organisation = organiser_organisation(request.user)
    if organisation is None:
        raise Http404
    company_ids = invitable_company_ids(request.user)
    form = CampaignForm(request.POST or None, request.FILES or None, company_ids=company_ids)
    row_errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitees: list[Any] = []
        if data["invitees"]:
            parsed = parse_invitees(_read(data["invitees"]), company_ids=company_ids)
            row_errors, invitees = parsed.errors, parsed.users
        if not row_errors:
            campaign = do_create_campaign(
                request.user,
                organisation=organisation,
                title=data["title"],
                battery=data["battery"],
                deadline=data["deadline"],
                vessel=data["vessel"],
                invitees=invitees,
                request=request,
            )
            messages.success(request, _("筛查活动已创建,邀请短信已发出。"))
            return redirect("screening:campaign_detail", pk=campaign.pk)
    status = 422 if row_errors else 200
    context = {"form": form, "row_errors": row_errors, "organisation": organisation}
    return render(request, "screening/campaign_form.html", context, status=status)


@login_required
@require_GET
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk)
    invites = list(invite_rows(campaign))
    context = {
        "campaign": campaign,
        "invites": invites,
        "done": sum(1 for invite in invites if invite.completed_at),
        "distributions": campaign_distributions(campaign),
    }
    return render(request, "screening/campaign_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_import(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, pk)
    if organiser_organisation(request.user) is None:
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        try:
            invites = do_import_invites(
                campaign, request.user, _read(form.cleaned_data["invitees"]), request=request
            )
        except CampaignImportError as exc:
            row_errors = exc.errors
        else:
            messages.success(request, _("已导入并邀请 %(n)d 人。") % {"n": len(invites)})
            return redirect("screening:campaign_detail", pk=campaign.pk)
    context = {"campaign": campaign, "form": form, "row_errors": row_errors}
    return render(
        request, "screening/campaign_import.html", context, status=422 if row_errors else 200
    )
