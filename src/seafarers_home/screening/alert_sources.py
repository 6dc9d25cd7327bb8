"""What screening tells a crisis alert's page (alerts/sources.py): the screening that raised
it, and the words for a positive safety item of an instrument other than the PHQ-9."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.reasons import SAFETY_ITEM_SUFFIX
from seafarers_home.alerts.sources import register_cause, register_reason_label
from seafarers_home.screening.aggregates import instrument_title
from seafarers_home.screening.models import Response


def screening_cause(alert: CrisisAlert, label: str) -> Cause:
    response = Response.objects.filter(pk=source_pk(alert.source_id)).only("screening_id").first()
    if response is None or response.screening_id is None:
        return Cause(label)
    return Cause(label, reverse("screening:review_detail", args=[response.screening_id]))


def safety_item_label(code: str) -> str | None:
    """screening.services.crisis_reason for an instrument other than the PHQ-9."""
    if not code.endswith(SAFETY_ITEM_SUFFIX):
        return None
    title = instrument_title(code.removesuffix(SAFETY_ITEM_SUFFIX))
    return _("%(instrument)s 安全条目阳性(自伤或轻生念头)") % {"instrument": title}


def register() -> None:
    register_cause(CrisisAlert.Source.SCREENING, screening_cause)
    register_reason_label(safety_item_label)
