"""What the person's own record says about risk, whatever their words today (issue: triage
context). A question from someone whose latest PHQ-9 item 9 was above 0, or who has an open or
recently resolved crisis alert, is urgent and goes to the top of the clinicians' queue even when
its text is ordinary: the words people write to a message board understate risk.

(Critical incidents at sea will add "in an open incident" here when that app exists.)
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.screening.models import Response

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

CONTEXT_PHQ9_ITEM9 = "context_phq9_item9"
CONTEXT_RECENT_ALERT = "context_recent_alert"

CONTEXT_LABELS = {
    CONTEXT_PHQ9_ITEM9: _("最近一次 PHQ-9 第9题(自伤或轻生念头)阳性"),
    CONTEXT_RECENT_ALERT: _("有未结束或近期处理过的危机警报"),
}


# A crisis resolved within this window still colours what the person writes: the weeks after a
# crisis are the time of highest risk.
RECENT_ALERT_WINDOW = timedelta(days=30)


def crisis_context(person: User | None) -> list[str]:
    """The context codes that apply to ``person`` now (two indexed queries)."""
    if person is None or not getattr(person, "pk", None):
        return []
    codes = []
    latest_phq9 = (
        Response.objects.filter(seafarer=person, instrument_code="phq9")
        .order_by("-created_at", "-pk")
        .values_list("safety_positive", flat=True)
        .first()
    )
    if latest_phq9:
        codes.append(CONTEXT_PHQ9_ITEM9)
    since = timezone.now() - RECENT_ALERT_WINDOW
    if (
        CrisisAlert.objects.filter(seafarer=person)
        .filter(~Q(status=CrisisAlert.Status.RESOLVED) | Q(resolved_at__gte=since))
        .exists()
    ):
        codes.append(CONTEXT_RECENT_ALERT)
    return codes
