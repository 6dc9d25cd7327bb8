"""Forms of the incident pages. Times are entered in the reader's zone and stored in UTC."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import User
from seafarers_home.incidents.actions.opening import (
    IncidentInvalid,
    check_occurred_at,
    check_phones,
)
from seafarers_home.incidents.models import Incident, IncidentEvent, ResponseTask
from seafarers_home.organisations.models import Vessel

MAX_PHONES = 300


def split_phones(text: str) -> list[str]:
    """One number a line (or separated by commas or spaces), blanks ignored."""
    return [part for part in text.replace(",", " ").replace(",", " ").split() if part]


class CrewChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:
        profile = getattr(obj, "seafarer_profile", None)
        name = profile.real_name if profile is not None else str(obj)
        rank = profile.get_rank_display() if profile is not None else ""
        return f"{name} · {rank} · {obj.masked_phone}"


class CrewChoiceSingleField(forms.ModelChoiceField):
    label_from_instance = CrewChoiceField.label_from_instance


class IncidentForm(forms.Form):
    kind = forms.ChoiceField(label=_("事件类型"), choices=Incident.Kind.choices)
    occurred_at = forms.DateTimeField(
        label=_("发生时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("按您所在时区填写。"),
    )
    latitude = forms.DecimalField(
        label=_("纬度"), required=False, min_value=-90, max_value=90, decimal_places=5
    )
    longitude = forms.DecimalField(
        label=_("经度"), required=False, min_value=-180, max_value=180, decimal_places=5
    )
    place = forms.CharField(label=_("地点说明"), required=False, max_length=120)
    seafarers = CrewChoiceField(
        label=_("受影响的船员(来自船员名单)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phones = forms.CharField(
        label=_("其他受影响人员的手机号码"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("尚未注册的人员每行填一个手机号,他们会收到注册邀请短信,短信不提及事件。"),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: Any, crew=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seafarers"].queryset = crew if crew is not None else User.objects.none()
        self.initial.setdefault("idempotency_key", uuid.uuid4().hex)

    def clean_occurred_at(self) -> Any:
        # Asked here as well as by the action, so that it shows with the form's other errors.
        occurred_at = self.cleaned_data["occurred_at"]
        try:
            check_occurred_at(occurred_at)
        except IncidentInvalid as error:
            raise forms.ValidationError(str(error)) from None
        return occurred_at

    def clean_phones(self) -> list[str]:
        phones = split_phones(self.cleaned_data.get("phones", ""))
        if len(phones) > MAX_PHONES:
            raise forms.ValidationError(_("一次最多添加 300 个号码。"))
        try:
            check_phones(phones)
        except IncidentInvalid as error:
            raise forms.ValidationError(str(error)) from None
        return phones


class AddPeopleForm(forms.Form):
    seafarers = CrewChoiceField(
        label=_("船员名单中的人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phones = IncidentForm.base_fields["phones"]

    def __init__(self, *args: Any, crew=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seafarers"].queryset = crew if crew is not None else User.objects.none()

    clean_phones = IncidentForm.clean_phones


class AssignForm(forms.Form):
    responder = forms.ModelChoiceField(label=_("负责人员"), queryset=User.objects.none())

    def __init__(self, *args: Any, carers=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responder"].queryset = carers if carers is not None else User.objects.none()


class ContactForm(forms.Form):
    task = forms.ModelChoiceField(label=_("任务"), queryset=ResponseTask.objects.none())
    channel = forms.ChoiceField(label=_("联系方式"), choices=IncidentEvent.Channel.choices)
    reached = forms.TypedChoiceField(
        label=_("结果"),
        choices=[("1", _("已联系上")), ("0", _("未联系上"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, tasks=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks if tasks is not None else ResponseTask.objects.none()
        self.fields["task"].label_from_instance = lambda task: task.title


class ScoreForm(forms.Form):
    # The range is the task's instrument's (checked by the action: PCL-5 0–80).
    total = forms.IntegerField(label=_("电话评估的总分"), min_value=0, max_value=999)


class CrewmateReportForm(forms.Form):
    vessel = forms.ModelChoiceField(
        label=_("您所在的船舶"), queryset=Vessel.objects.none(), required=False
    )
    reported = CrewChoiceSingleField(
        label=_("您担心的船员"), queryset=User.objects.none(), required=False
    )
    observation = forms.CharField(
        label=_("您看到的情况"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=_("例如:他说了什么、做了什么、从什么时候开始。"),
    )
    position = forms.CharField(label=_("船舶位置"), max_length=120, required=False)
    reach = forms.CharField(
        label=_("怎样联系到船上"),
        max_length=120,
        required=False,
        help_text=_("例如卫星电话号码、北斗短报文号码或船上的手机号。"),
    )
    name_the_reporter = forms.BooleanField(label=_("可以告诉他是我报告的"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: Any, vessels=None, crew=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vessel"].queryset = vessels if vessels is not None else Vessel.objects.none()
        self.fields["reported"].queryset = crew if crew is not None else User.objects.none()
        self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class FamilyContactForm(forms.Form):
    name = forms.CharField(label=_("家属姓名"), max_length=60)
    relation = forms.CharField(label=_("与您的关系"), max_length=30)
    phone = forms.CharField(label=_("家属手机号码"), max_length=20)
