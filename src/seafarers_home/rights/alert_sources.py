"""What rights cases tell a crisis alert's page (alerts/sources.py): that the words were in a
rights case, and which signals the triage found in them. No link and no case text: the case
belongs to the seafarer and the legal workers; the clinician calls the seafarer."""

from __future__ import annotations

from django.utils.translation import gettext as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.sources import register_cause
from seafarers_home.rights.models import RightsCase
from seafarers_home.triage.context import CONTEXT_LABELS
from seafarers_home.triage.service import reason_label as signal_label


def rights_cause(alert: CrisisAlert, label: str) -> Cause:
    pk = source_pk(alert.source_id)
    codes = RightsCase.objects.filter(pk=pk).values_list("red_flags", flat=True).first() or []
    lines = [_("危机字句出现在海员的维权案件或其留言中(案件内容由法律工作者处理)。")]
    lines += [signal_label(code) for code in codes if code not in CONTEXT_LABELS]
    return Cause(label, lines=lines)


def register() -> None:
    register_cause(CrisisAlert.Source.RIGHTS, rights_cause)
