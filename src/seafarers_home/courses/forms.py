"""The courses' forms: they parse what was typed; the rules between fields are the actions'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.certificates.kinds import kind_choices
from seafarers_home.core.inputs import DateField
from seafarers_home.courses.actions.deciding import REASON_MAX
from seafarers_home.courses.actions.publishing import MAX_SEATS, MAX_VALID_MONTHS


def _optional_kinds() -> list[tuple[str, object]]:
    return [("", _("不签发证书")), *kind_choices()]


class CourseForm(forms.Form):
    title = forms.CharField(label=_("课程名称"), max_length=80)
    description = forms.CharField(
        label=_("课程介绍"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    issues_kind = forms.ChoiceField(
        label=_("结业签发证书"), choices=_optional_kinds, required=False
    )
    certificate_valid_months = forms.IntegerField(
        label=_("证书有效期(月)"), min_value=1, max_value=MAX_VALID_MONTHS, required=False
    )


class SessionForm(forms.Form):
    starts_on = DateField(label=_("开班日期"))
    ends_on = DateField(label=_("结业日期"))
    place = forms.CharField(label=_("地点"), max_length=120)
    seats = forms.IntegerField(label=_("名额"), min_value=1, max_value=MAX_SEATS)
    fee_text = forms.CharField(
        label=_("费用说明"),
        max_length=80,
        required=False,
        help_text=_("例如“1200 元,开班时线下缴纳”。平台不收取任何费用。"),
    )
    fee_amount = forms.DecimalField(
        label=_("费用(元)"), max_digits=9, decimal_places=2, min_value=0, required=False
    )
    prerequisites = forms.MultipleChoiceField(
        label=_("报名须持有的证书"),
        choices=kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    prerequisites_valid_until = DateField(
        label=_("证书须有效至"),
        required=False,
        help_text=_("不填则为结业日期。"),
    )
    documents = forms.CharField(label=_("需提交的材料"), max_length=300, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])
    reason = forms.CharField(max_length=REASON_MAX, required=False)


class AttendanceForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("completed", "completed"), ("no_show", "no_show")])
