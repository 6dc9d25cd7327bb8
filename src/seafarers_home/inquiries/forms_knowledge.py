"""Forms of the knowledge base: the public search box and the clinician's publication form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.inquiries.models import Category
from seafarers_home.inquiries.services_publish import (
    ANSWER_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)


class KnowledgeSearchForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False)
    category = forms.ChoiceField(
        label=_("类别"), choices=[("", _("全部")), *Category.choices], required=False
    )


class PublishForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=TITLE_MAX_LENGTH)
    question_text = forms.CharField(
        label=_("问题(已去除身份信息)"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    answer_text = forms.CharField(
        label=_("回答(已去除身份信息)"),
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
