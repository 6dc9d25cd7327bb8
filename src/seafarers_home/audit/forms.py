from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.models import AuditEvent
from seafarers_home.core import inputs


class AuditFilterForm(forms.Form):
    action = forms.CharField(
        label=_("操作"),
        required=False,
        max_length=40,
        help_text=_("例如 consent. 匹配所有同意操作"),
    )
    actor = forms.IntegerField(label=_("操作人编号"), required=False, min_value=1)
    target_type = forms.CharField(label=_("对象类型"), required=False, max_length=60)
    target_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    date_from = inputs.DateField(label=_("开始日期"), required=False)
    date_to = inputs.DateField(label=_("结束日期"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("开始日期不能晚于结束日期。"))
        return data

    def filter(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("action"):
            events = events.filter(action__startswith=data["action"])
        if data.get("actor"):
            events = events.filter(actor_id=data["actor"])
        if data.get("target_type"):
            events = events.filter(target_type=data["target_type"])
        if data.get("target_id"):
            events = events.filter(target_id=data["target_id"])
        # Dates are the reader's own (time zone of the signed-in user); rows are stored in UTC.
        if data.get("date_from"):
            events = events.filter(at__gte=_local_midnight(data["date_from"]))
        if data.get("date_to"):
            events = events.filter(at__lt=_local_midnight(data["date_to"] + dt.timedelta(days=1)))
        return events

    def used_filters(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
