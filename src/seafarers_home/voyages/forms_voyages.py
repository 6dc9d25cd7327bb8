"""Forms of the voyage pages. Dates are calendar dates (``<input type=date>``; typed
2026-03-01 works too where browsers lack a picker). The services check again what the forms
check: the forms only make the common mistakes show next to their field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.core import inputs
from seafarers_home.core.widgets import IsoDateInput
from seafarers_home.organisations.models import Organisation, Vessel
from seafarers_home.voyages.models import Phase
from seafarers_home.voyages.services_voyages import MAX_CREW, dates_errors, find_vessel

DATE_WIDGET = IsoDateInput()
CSV_HELP = _(
    "CSV 文件,第一行为表头:手机号或海员证号、船舶登记号、计划出海日期、预计归港日期"
    "(日期写作 2026-03-01 或 2026/3/1)。UTF-8 或 Excel 导出的 GBK 编码均可。"
    "有任何一行出错时,整个文件都不会导入。"
)


class VoyageDatesForm(forms.Form):
    planned_departure = inputs.DateField(label=_("计划出海日期"), widget=DATE_WIDGET)
    expected_return = inputs.DateField(label=_("预计归港日期"), widget=DATE_WIDGET)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "planned_departure" in data and "expected_return" in data:
            for message in dates_errors(data["planned_departure"], data["expected_return"]):
                self.add_error("expected_return", message)
        return data


class OwnVoyageForm(VoyageDatesForm):
    """A seafarer records their own voyage on any registered vessel."""

    vessel = forms.CharField(
        label=_("船舶登记号"),
        max_length=40,
        help_text=_("船舶登记证书上的登记号,例如 ZS-A-0001。"),
    )
    field_order = ["vessel", "planned_departure", "expected_return"]

    def clean_vessel(self) -> Vessel:
        vessel = find_vessel(self.cleaned_data["vessel"])
        if vessel is None:
            raise forms.ValidationError(_("找不到这艘船:请核对船舶登记号。"))
        return vessel


class VesselPickForm(forms.Form):
    """Step one of recording a crew: the vessel. Officers choose from their companies'
    vessels; union staff type the registration number (thousands of vessels make no list)."""

    vessel = forms.CharField(label=_("船舶登记号"), max_length=40)

    def __init__(self, *args: Any, company_ids: list[int] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company_ids = company_ids
        if company_ids is not None:
            vessels = Vessel.objects.filter(company_id__in=company_ids).order_by("name")
            self.fields["vessel"] = forms.ChoiceField(
                label=_("船舶"),
                choices=[(v.registration_number, str(v)) for v in vessels],
            )

    def clean_vessel(self) -> Vessel:
        vessel = find_vessel(self.cleaned_data["vessel"])
        if vessel is None:
            raise forms.ValidationError(_("找不到这艘船:请核对船舶登记号。"))
        if self.company_ids is not None and vessel.company_id not in self.company_ids:
            raise forms.ValidationError(_("这艘船不属于本企业。"))
        return vessel


class CrewForm(VoyageDatesForm):
    """Step two: who sails (the company's seafarers, the vessel's current crew ticked)."""

    vessel = forms.CharField(widget=forms.HiddenInput)
    seafarers = forms.TypedMultipleChoiceField(
        label=_("出海船员"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("请至少选择一位海员。")},
    )
    field_order = ["vessel", "seafarers", "planned_departure", "expected_return"]

    def __init__(self, *args: Any, crew: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seafarers"].choices = [
            (p.user_id, f"{p.real_name} · {p.seafarers_book_number or p.user.masked_phone}")
            for p in crew[:MAX_CREW]
        ]


class CrewImportForm(forms.Form):
    crew_list = forms.FileField(label=_("船员名单文件"), help_text=CSV_HELP)


class DayForm(forms.Form):
    day = inputs.DateField(label=_("日期"), widget=DATE_WIDGET)


class VoyageFilterForm(forms.Form):
    phase = forms.ChoiceField(
        label=_("阶段"), choices=[("", _("全部阶段")), *Phase.choices], required=False
    )
    company = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.COMPANY).order_by("name"),
        required=False,
        label=_("企业"),
        empty_label=_("全部企业"),
    )

    def __init__(self, *args: Any, all_companies: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not all_companies:
            del self.fields["company"]
