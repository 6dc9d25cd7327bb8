"""Forms of the care pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.voyages.models import FollowUpOutcome


class FollowUpOutcomeForm(forms.Form):
    result = forms.ChoiceField(
        label=_("随访结果"), choices=FollowUpOutcome.Result.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("记录(加密保存,只有咨询员和医生可见)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    refer = forms.BooleanField(
        label=_("转介医院海员心理咨询科绿色通道(优先就诊)"),
        required=False,
        help_text=_("仅在“需要进一步帮助”时可选。"),
    )
