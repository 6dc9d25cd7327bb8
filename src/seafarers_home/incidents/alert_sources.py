"""What incidents tell a crisis alert's page (alerts/sources.py): the incident that paged the
on-call psychiatrist or the crewmate report that raised the alert, and words for their reason
codes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from seafarers_home.alerts.person import Cause, source_pk
from seafarers_home.alerts.sources import register_cause, register_reason_label
from seafarers_home.incidents.actions.opening import ALERT_REASON, ALERT_SOURCE
from seafarers_home.incidents.actions.reports import REPORT_REASON, REPORT_SOURCE_PREFIX
from seafarers_home.incidents.models import CrewmateReport
from seafarers_home.triage.service import reason_label as reason_label_of_triage


def incident_cause(alert, label: str) -> Cause:
    """An incident's page; or a crewmate report's words for the clinician (what was seen,
    where the ship is, how to reach it, the triage's reasons)."""
    if alert.source_id.startswith(REPORT_SOURCE_PREFIX):
        pk = source_pk(alert.source_id.removeprefix(REPORT_SOURCE_PREFIX))
        report = CrewmateReport.objects.filter(pk=pk).select_related("vessel").first()
        if report is None:
            return Cause(label)
        lines = [
            _("报告人看到的情况:%(text)s") % {"text": report.observation},
            _("船舶:%(vessel)s;位置:%(position)s")
            % {
                "vessel": report.vessel.name,
                "position": report.position or "—",
            },
            _("联系船上:%(reach)s") % {"reach": report.reach},
        ]
        lines += [reason_label_of_triage(code) for code in report.triage_codes]
        return Cause(label, lines=lines)
    pk = source_pk(alert.source_id)
    if pk is not None:
        return Cause(label, reverse("incidents:board", args=[pk]))
    return Cause(label)


def reason_label(code: str) -> str | None:
    if code == ALERT_REASON:
        return _("海上重大事件:船员受影响,请评估并安排心理急救")
    if code == REPORT_REASON:
        return _("船长或高级船员报告:这位船员可能处于危机中")
    return None


def register() -> None:
    register_cause(ALERT_SOURCE, incident_cause)
    register_reason_label(reason_label)
