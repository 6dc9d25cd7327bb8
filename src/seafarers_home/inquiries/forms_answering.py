"""Forms of the clinicians' side of the message board and of the union statistics."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seafarers_home.inquiries.models import (
    STAFF_STATUS_CHOICES,
    AnswerTemplate,
    Category,
    Reply,
)
from seafarers_home.inquiries.queue import PENDING
from seafarers_home.inquiries.services_answer import (
    REPLY_MAX_LENGTH,
    TEMPLATE_BODY_MAX_LENGTH,
    TEMPLATE_TITLE_MAX_LENGTH,
)
from seafarers_home.inquiries.stats import PERIOD_MONTHS


class QueueFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Category.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("状态"),
        choices=[(PENDING, _("待医生处理")), *STAFF_STATUS_CHOICES, ("", _("全部"))],
        required=False,
    )
    mine = forms.BooleanField(label=_("只看我的专长"), required=False)


class ReplyForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("回复类型"),
        choices=[
            (Reply.Kind.ANSWER, _("回答")),
            (Reply.Kind.CLARIFICATION, _("追问(请海员补充情况)")),
        ],
        initial=Reply.Kind.ANSWER,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("回复内容"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("回复前请核对:线上只提供咨询和建议,首次诊断和处方须到门诊(绿色通道)。"),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=80)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)


class TemplatePickForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("回复模板"), queryset=AnswerTemplate.objects.none(), required=False
    )

    def __init__(self, *args: Any, templates: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if templates is not None:
            self.fields["template"].queryset = templates


class AnswerTemplateForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=TEMPLATE_TITLE_MAX_LENGTH)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("不限")), *Category.choices], required=False
    )
    body = forms.CharField(
        label=_("内容"),
        max_length=TEMPLATE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("模板中不要写入任何海员的个人信息。"),
    )
    shared = forms.BooleanField(label=_("所有医生可用"), required=False)


class SpecialtyForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("我负责回答的类别"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class StatsPeriodForm(forms.Form):
    months = forms.TypedChoiceField(label=_("统计期间"), coerce=int, initial=12, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Labels built per request, in the request's language.
        self.fields["months"].choices = [
            (m, gettext("最近 %(months)d 个月") % {"months": m}) for m in PERIOD_MONTHS
        ]
