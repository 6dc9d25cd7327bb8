"""The jobs forms: they parse what was typed; the rules between fields are the actions'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.certificates.kinds import kind_choices
from seafarers_home.core.inputs import DateField
from seafarers_home.jobs.actions.applying import MESSAGE_MAX
from seafarers_home.jobs.actions.posting import (
    MAX_CONTRACT_MONTHS,
    MAX_PLACES,
    MAX_WAGE,
    REASON_MAX,
)
from seafarers_home.jobs.models import Posting, Rank, VesselType
from seafarers_home.organisations.models import Organisation, Vessel


def _blank(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class PostingForm(forms.Form):
    rank = forms.ChoiceField(label=_("职务"), choices=Rank.choices)
    vessel: forms.ModelChoiceField[Vessel] = forms.ModelChoiceField(
        label=_("船舶"),
        queryset=Vessel.objects.none(),
        required=False,
        empty_label=_("不指定,填写类型和规模"),
    )
    vessel_type = forms.ChoiceField(
        label=_("船舶类型"), choices=_blank(_("按所选船舶"), VesselType.choices), required=False
    )
    vessel_size = forms.CharField(label=_("船舶规模"), max_length=60, required=False)
    area = forms.CharField(label=_("航区或渔场"), max_length=80)
    wage_min = forms.IntegerField(label=_("月工资下限"), max_value=MAX_WAGE)
    wage_max = forms.IntegerField(label=_("月工资上限"), max_value=MAX_WAGE)
    currency = forms.ChoiceField(label=_("币种"), choices=Posting.Currency.choices)
    contract_months = forms.IntegerField(
        label=_("合同期(月)"), min_value=1, max_value=MAX_CONTRACT_MONTHS
    )
    joining_on = DateField(label=_("上船日期"))
    joining_port = forms.CharField(label=_("上船港口"), max_length=60)
    required_kinds = forms.MultipleChoiceField(
        label=_("须持有的证书"),
        choices=kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_valid_months = forms.IntegerField(
        label=_("证书最少剩余有效期(月,自上船起)"), min_value=0, max_value=120, initial=0
    )
    places = forms.IntegerField(label=_("招聘人数"), min_value=1, max_value=MAX_PLACES)
    closes_on = DateField(label=_("截止日期"))
    contact = forms.CharField(label=_("联系方式"), max_length=120)
    no_fee = forms.BooleanField(
        label=_("我确认本企业及其代理不向海员收取任何招聘费用(MLC 2006 规则 1.4)"),
        required=False,
    )

    def __init__(self, *args: Any, company: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        vessel = self.fields["vessel"]
        assert isinstance(vessel, forms.ModelChoiceField)  # the field declared above
        vessel.queryset = company.vessels.order_by("name")

    def terms(self) -> dict[str, Any]:
        """The terms as the actions take them; after an invalid form, the valid ones only."""
        data = dict(self.cleaned_data)
        vessel = data.pop("vessel", None)
        data.pop("no_fee", None)
        data["vessel_id"] = vessel.pk if vessel else None
        return data


class FilterForm(forms.Form):
    rank = forms.ChoiceField(
        label=_("职务"), choices=_blank(_("全部"), Rank.choices), required=False
    )
    vessel_type = forms.ChoiceField(
        label=_("船舶类型"), choices=_blank(_("全部"), VesselType.choices), required=False
    )
    area = forms.CharField(label=_("航区或渔场"), max_length=80, required=False)
    wage_from = forms.IntegerField(
        label=_("月工资不低于"),
        min_value=0,
        max_value=MAX_WAGE,
        required=False,
        error_messages={"min_value": _("工资不能为负数。")},
    )
    joining_from = DateField(label=_("上船日期从"), required=False)
    joining_to = DateField(label=_("上船日期到"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        start, end = self.cleaned_data.get("joining_from"), self.cleaned_data.get("joining_to")
        if start and end and start > end:
            # Said, rather than an empty list that looks like "no jobs".
            self.add_error("joining_to", _("“上船日期到”不能早于“上船日期从”。"))
        return self.cleaned_data


class ApplyForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=60)
    rank = forms.ChoiceField(label=_("职务"), choices=Rank.choices)
    sea_service_months = forms.IntegerField(label=_("海上资历(月)"), min_value=0, max_value=720)
    languages = forms.CharField(label=_("语言"), max_length=100, required=False)


class MessageForm(forms.Form):
    body = forms.CharField(max_length=MESSAGE_MAX)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(max_length=REASON_MAX, required=False)


class StandingForm(forms.Form):
    verified = forms.BooleanField(required=False)
    suspended = forms.BooleanField(required=False)
    reason = forms.CharField(max_length=REASON_MAX, required=False)
