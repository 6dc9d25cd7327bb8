"""Forms of the green-channel and clinic pages."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.consultations.services import REASON_MAX_LENGTH
from seafarers_home.consultations.slots import SLOT_MINUTES_CHOICES
from seafarers_home.core import inputs
from seafarers_home.core.widgets import IsoDateInput
from seafarers_home.organisations.models import Organisation

DATE_WIDGET = IsoDateInput()
WEEKDAYS = [
    (0, _("星期一")),
    (1, _("星期二")),
    (2, _("星期三")),
    (3, _("星期四")),
    (4, _("星期五")),
    (5, _("星期六")),
    (6, _("星期日")),
]


class GreenBookForm(forms.Form):
    reason = forms.CharField(
        label=_("想和医生谈的事(可不填)"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("加密保存,只有门诊医生可见。"),
    )
    share_summary = forms.BooleanField(
        label=_("让医生看到我最近一次心理CT的摘要(各量表的分级和风险等级,不含作答)"),
        required=False,
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)

    @staticmethod
    def fresh(prefix: str = "") -> GreenBookForm:
        return GreenBookForm(initial={"key": uuid.uuid4().hex}, prefix=prefix or None)


class GreenRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("简单说说(可不填)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ReferForm(forms.Form):
    reason = forms.CharField(
        label=_("转介说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class ClinicDayForm(forms.Form):
    date = inputs.DateField(label=_("日期"), required=False, widget=DATE_WIDGET)


class PublishSlotsForm(forms.Form):
    first_day = inputs.DateField(label=_("开始日期"), widget=DATE_WIDGET)
    last_day = inputs.DateField(label=_("结束日期"), widget=DATE_WIDGET)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("星期"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=[0, 1, 2, 3, 4],
    )
    start_hour = forms.TypedChoiceField(
        label=_("开始时间(北京时间)"),
        choices=[(h, f"{h:02d}:00") for h in range(6, 22)],
        coerce=int,
        initial=8,
    )
    end_hour = forms.TypedChoiceField(
        label=_("结束时间(北京时间)"),
        choices=[(h, f"{h:02d}:00") for h in range(7, 24)],
        coerce=int,
        initial=12,
    )
    slot_minutes = forms.TypedChoiceField(
        label=_("每个号源时长(分钟)"),
        choices=[(m, str(m)) for m in SLOT_MINUTES_CHOICES],
        coerce=int,
        initial=30,
    )
    department = forms.ModelChoiceField(label=_("科室"), queryset=None, empty_label=None)

    def __init__(self, *args: Any, departments: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

        self.fields["department"].queryset = Organisation.objects.filter(
            pk__in=[d.pk for d in departments]
        )
        if len(departments) == 1:
            self.fields["department"].initial = departments[0].pk
            self.fields["department"].widget = forms.HiddenInput()
