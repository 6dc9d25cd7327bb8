"""The clinician's outcome form on the alert page. The service validates again; its
translated errors go back on the fields."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from seafarers_home.alerts.actions.outcomes import CLINICIAN_OUTCOMES
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.core import inputs
from seafarers_home.core.widgets import DATETIME_INPUT_FORMATS, IsoDateTimeInput


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("做了什么"),
        choices=[(code, CrisisAlert.Outcome(code).label) for code in CLINICIAN_OUTCOMES],
        widget=forms.RadioSelect,
    )
    next_attempt_at = inputs.DateTimeField(
        label=_("下次尝试时间(未能联系上时填写)"),
        required=False,
        widget=IsoDateTimeInput(),
        input_formats=DATETIME_INPUT_FORMATS,
    )
    note = forms.CharField(
        label=_("记录(加密保存)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=80)
