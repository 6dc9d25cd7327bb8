"""Forms of urgent consultations and consultation notes (plain HTML forms, no JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.consultations.models_clinical import ConsultationNote, UrgentRequest
from seafarers_home.core import inputs
from seafarers_home.screening.models import RiskLevel
from seafarers_home.screening.training import all_lessons


class UrgentRequestForm(forms.Form):
    seafarer = forms.CharField(
        label=_("海员手机号或海员证号"), max_length=30, help_text=_("例如 13800000000 或 SB0000001")
    )
    reason = forms.CharField(label=_("情况说明"), widget=forms.Textarea(attrs={"rows": 4}))
    callback_number = forms.CharField(
        label=_("船舶卫星电话或其他回拨号码(如已知)"), max_length=40, required=False
    )

    def clean_seafarer(self) -> User:
        value = self.cleaned_data["seafarer"].strip()
        found = (
            User.objects.filter(
                Q(phone=value) | Q(seafarer_profile__seafarers_book_number=value),
                role_grants__role=Role.SEAFARER,
                is_active=True,
            )
            .distinct()
            .first()
        )
        if found is None:
            raise forms.ValidationError(_("没有找到这位海员,请核对手机号或海员证号。"))
        return found


class CallbackForm(forms.Form):
    number = forms.CharField(label=_("回拨号码"), max_length=40)
    at = inputs.DateTimeField(
        label=_("回拨时间"),
        help_text=_("按您账号设置的时区填写。"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class CallbackResultForm(forms.Form):
    reached = forms.TypedChoiceField(
        label=_("回拨结果"),
        choices=[("1", _("已接通")), ("0", _("未接通"))],
        coerce=lambda value: value == "1",
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("结果"), choices=UrgentRequest.Outcome.choices)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("咨询记录"), widget=forms.Textarea(attrs={"rows": 6}))
    assessment = forms.CharField(
        label=_("评估"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    risk_level = forms.ChoiceField(
        label=_("风险等级"), choices=[("", "—"), *RiskLevel.choices], required=False
    )
    plan = forms.MultipleChoiceField(
        label=_("处理计划"),
        choices=ConsultationNote.Plan.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_up_on = inputs.DateField(label=_("复诊日期"), required=False)
    lesson_slugs = forms.MultipleChoiceField(
        label=_("推荐的自助课程"), widget=forms.CheckboxSelectMultiple, required=False
    )
    shared_summary = forms.CharField(
        label=_("给海员的小结(海员可以看到)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    share = forms.BooleanField(label=_("现在把小结发送给海员"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lesson_slugs"].choices = [
            (lesson.slug, lesson.title) for lesson in all_lessons()
        ]
