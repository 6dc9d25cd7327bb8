"""Forms of 远程咨询 booking and of clinicians' hours."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.consultations.models import Mode, Service
from seafarers_home.consultations.models_availability import (
    AvailabilityException,
    Weekday,
)
from seafarers_home.core import inputs
from seafarers_home.lib.zones import TimeZoneField

SLOT_MINUTES = [(m, str(m)) for m in (15, 20, 30, 45, 60)]
# A legal consultation is a call in the room (voice or video, chosen when joining).
LEGAL_MODES = [(Mode.REMOTE.value, _("电话或视频(咨询室)"))]


class _ServiceModes:
    """Hours forms of a legal worker offer only the remote mode."""

    def __init__(self, *args: Any, service: str = Service.CLINICAL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if service == Service.LEGAL:
            self.fields["mode"].choices = LEGAL_MODES  # type: ignore[attr-defined]


class BookForm(forms.Form):
    reason = forms.CharField(
        label=_("想和医生谈什么(只有接诊医生能看到)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_screening = forms.BooleanField(
        label=_("把我最近一次心理CT的摘要(日期、各量表分级和风险等级,不含答案)给医生看"),
        required=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class RescheduleForm(forms.Form):
    slot = forms.IntegerField(widget=forms.HiddenInput)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=500, required=False)


class TimeZoneForm(forms.Form):
    def __init__(self, *args: Any, current: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The same Chinese list as the profile (lib/zones.py), never an IANA name to type.
        self.fields["time_zone"] = TimeZoneField(current=current, label=_("我现在所在的时区"))


class HoursForm(_ServiceModes, forms.Form):
    weekday = forms.TypedChoiceField(label=_("星期"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(
        label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    slot_minutes = forms.TypedChoiceField(
        label=_("每个号源分钟数"), choices=SLOT_MINUTES, coerce=int, initial=30
    )
    mode = forms.ChoiceField(label=_("方式"), choices=Mode.choices, initial=Mode.REMOTE)
    valid_from = inputs.DateField(label=_("生效日期"))
    valid_until = inputs.DateField(
        label=_("截止日期(可不填)"),
        required=False,
    )


class ExceptionForm(_ServiceModes, forms.Form):
    date = inputs.DateField(label=_("日期"))
    kind = forms.ChoiceField(label=_("类型"), choices=AvailabilityException.Kind.choices)
    start_time = forms.TimeField(
        label=_("开始时间(停诊全天可不填)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    end_time = forms.TimeField(
        label=_("结束时间"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    slot_minutes = forms.TypedChoiceField(
        label=_("每个号源分钟数"), choices=SLOT_MINUTES, coerce=int, initial=30
    )
    mode = forms.ChoiceField(label=_("方式"), choices=Mode.choices, initial=Mode.REMOTE)
