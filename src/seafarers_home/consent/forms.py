from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptForm(forms.Form):
    # Never pre-ticked, never bundled: one document, one explicit tick (PIPL arts. 14, 29).
    agree = forms.BooleanField(
        label=_("我已阅读并同意以上内容"),
        required=True,
        error_messages={"required": _("请勾选“我已阅读并同意”后再提交。")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("我已了解后果,确认继续"),
        required=True,
        error_messages={"required": _("请先勾选确认。")},
    )
