"""Forms of the caller's and the counsellor's hotline pages. The services validate again and
their translated errors are put back on the fields (``core.form_errors.add_errors``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.core import inputs
from seafarers_home.core.widgets import DATETIME_INPUT_FORMATS, IsoDateTimeInput
from seafarers_home.hotline.models import CallbackAttempt, CallbackRequest
from seafarers_home.hotline.records import (
    ACTIONS,
    CRISIS_STEPS,
    FOLLOW_UPS,
    MASTER_BASES,
    REASONS,
    RISK_ITEMS,
    RecordInput,
    started_at_error,
)

DT_WIDGET = IsoDateTimeInput()
DT_FORMATS = DATETIME_INPUT_FORMATS


def _choices(mapping: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(mapping.items())


class CallbackForm(forms.Form):
    target = forms.ChoiceField(
        label=_("回拨方式"),
        choices=CallbackRequest.Target.choices,
        widget=forms.RadioSelect,
        initial=CallbackRequest.Target.SATELLITE,
    )
    number = forms.CharField(
        label=_("回拨号码"),
        required=False,
        max_length=40,
        help_text=_("船舶卫星电话或手机号码;选择应用内语音时不用填写。"),
    )
    window_start = inputs.DateTimeField(
        label=_("方便接听开始"), widget=DT_WIDGET, input_formats=DT_FORMATS
    )
    window_end = inputs.DateTimeField(
        label=_("方便接听结束"), widget=DT_WIDGET, input_formats=DT_FORMATS
    )
    anonymous = forms.BooleanField(
        label=_("匿名:不向咨询员显示我的姓名(咨询员只看到您填写的回拨号码)"), required=False
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)


class RecordForm(forms.Form):
    reason_categories = forms.MultipleChoiceField(
        label=_("来电原因"),
        choices=_choices(REASONS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    risk = forms.MultipleChoiceField(
        label=_("风险评估(勾选存在的情况)"),
        choices=_choices(RISK_ITEMS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    actions = forms.MultipleChoiceField(
        label=_("采取的措施"),
        choices=_choices(ACTIONS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_up = forms.ChoiceField(
        label=_("后续跟进"), choices=_choices(FOLLOW_UPS), widget=forms.RadioSelect, initial="none"
    )
    note = forms.CharField(
        label=_("记录(加密保存)"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def record_input(self) -> RecordInput:
        data = self.cleaned_data
        return RecordInput(
            reason_categories=list(data["reason_categories"]),
            risk={key: True for key in data["risk"]},
            actions=list(data["actions"]),
            follow_up=data["follow_up"],
            note=data["note"],
        )


class LogCallForm(RecordForm):
    started_at = inputs.DateTimeField(
        label=_("来电时间"), widget=DT_WIDGET, input_formats=DT_FORMATS
    )
    duration_minutes = forms.IntegerField(label=_("通话时长(分钟)"), min_value=0, max_value=1440)
    seafarer_phone = forms.CharField(
        label=_("海员手机号(可选,已注册的海员)"), required=False, max_length=11
    )
    field_order = ["started_at", "duration_minutes", "seafarer_phone"]

    def clean_started_at(self) -> datetime:
        # The action refuses it too; said here it comes with the form's other errors.
        started_at = self.cleaned_data["started_at"]
        if (late := started_at_error(started_at)) is not None:
            raise forms.ValidationError(late)
        return started_at

    def clean_seafarer_phone(self) -> User | None:
        phone = self.cleaned_data["seafarer_phone"].strip()
        if not phone:
            return None
        seafarer = User.objects.filter(
            phone=phone, role_grants__role=Role.SEAFARER, is_active=True
        ).first()
        if seafarer is None:
            raise forms.ValidationError(_("没有找到使用这个手机号的海员。"))
        return seafarer


class CrisisForm(forms.Form):
    steps = forms.MultipleChoiceField(
        label=_("已完成的步骤"),
        choices=_choices(CRISIS_STEPS),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    master_basis = forms.ChoiceField(
        label=_("联系船长"), choices=_choices(MASTER_BASES), widget=forms.RadioSelect
    )


class AttemptForm(forms.Form):
    outcome = forms.ChoiceField(choices=CallbackAttempt.Outcome.choices)
