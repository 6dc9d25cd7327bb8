"""A crewmate in crisis (issue 15 item 5): a master or officer on board reports a crewmate who
seems at risk.

The report raises a crisis alert for the on-duty clinician in the same transaction (a crisis
signal is never lost); the observation passes the same crisis triage as every channel, and its
codes are shown to the clinician in words. The reported person is told that a report was made
— by whom only if the reporter agreed — and the report is in both people's data export.
Processing without the reported person's consent rests on PIPL art. 13(4) (protecting a
person's life in an emergency), as urgent consultations do.

Refused (``IncidentInvalid``, nothing stored): no vessel, no way to reach the ship, a person
not on the vessel's crew records, oneself, an empty or overlong observation, a reporter who is
not a master or officer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.incidents.access import is_ship_officer
from seafarers_home.incidents.actions.opening import ALERT_SOURCE, IncidentInvalid
from seafarers_home.incidents.crew import crew_of
from seafarers_home.incidents.models import CrewmateReport
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.organisations.models import Vessel
from seafarers_home.triage.service import triage_text

logger = logging.getLogger("seafarers_home.incidents")

REPORT_REASON = "crewmate_report"
REPORT_SOURCE_PREFIX = "report-"
MAX_OBSERVATION = 2000
TOLD_NAMED = gettext_lazy("船上的同事%(name)s关心您的近况,已请医院的医生联系您。")
TOLD_ANONYMOUS = gettext_lazy("船上有同事关心您的近况,已请医院的医生联系您。")


@dataclass(frozen=True)
class ReportInput:
    reported: User | None
    vessel: Vessel | None
    observation: str
    reach: str
    position: str = ""
    name_the_reporter: bool = False

    def digest(self) -> str:
        return payload_digest(
            {
                "reported": self.reported.pk if self.reported else None,
                "vessel": self.vessel.pk if self.vessel else None,
                "observation": self.observation,
                "reach": self.reach,
                "position": self.position,
                "named": self.name_the_reporter,
            }
        )


def _check(reporter: User, data: ReportInput) -> None:
    if not is_ship_officer(reporter):
        raise IncidentInvalid(_("只有船长和高级船员可以提交船员危机报告。"))
    if data.vessel is None:
        raise IncidentInvalid(_("请选择您所在的船舶。"))
    if not data.reach.strip():
        raise IncidentInvalid(_("请填写医院怎样联系到船上(例如卫星电话号码)。"))
    if data.reported is None or data.reported.pk == reporter.pk:
        raise IncidentInvalid(_("请选择您担心的船员。"))
    if not crew_of(data.vessel).filter(pk=data.reported.pk).exists():
        raise IncidentInvalid(_("所选人员不在这艘船的船员名单上。"))
    if not data.observation.strip():
        raise IncidentInvalid(_("请简要写下您看到的情况。"))
    if len(data.observation) > MAX_OBSERVATION:
        raise IncidentInvalid(_("情况说明太长,请控制在2000字以内。"))


def _tell_reported(report: CrewmateReport) -> None:
    if report.name_the_reporter:
        profile = getattr(report.reporter, "seafarer_profile", None)
        name = profile.real_name if profile is not None else report.reporter.display_name
        message, params = TOLD_NAMED, {"name": name}
    else:
        message, params = TOLD_ANONYMOUS, None
    do_send_notification(
        report.reported,
        kind="incidents.crewmate_report",
        message=message,
        params=params,
        url=reverse("incidents:mine"),
        dedupe_key=f"crewmate-report-{report.pk}",
    )


def do_report_crewmate(
    reporter: User,
    data: ReportInput,
    *,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[CrewmateReport, bool]:
    """Store the report and raise its crisis alert. ``(report, created)``; a resend with the
    same key returns the first report."""
    _check(reporter, data)
    digest = data.digest()

    def create() -> CrewmateReport:
        triage = triage_text(data.observation)
        report = CrewmateReport.objects.create(
            reporter=reporter,
            reported=data.reported,
            vessel=data.vessel,
            observation=data.observation.strip(),
            position=data.position.strip()[:120],
            reach=data.reach.strip()[:120],
            name_the_reporter=data.name_the_reporter,
            triage_codes=triage.codes,
            idempotency_key=idempotency_key,
            payload_hash=digest,
        )
        report.alert = do_raise_crisis_alert(
            data.reported,
            source=ALERT_SOURCE,
            source_id=f"{REPORT_SOURCE_PREFIX}{report.pk}",
            reason=REPORT_REASON,
            request=request,
        )
        report.save(update_fields=["alert", "updated_at"])
        record_audit(
            reporter,
            "incidents.crewmate_report",
            target=report,
            purpose="crisis",
            request=request,
            detail={"reported": data.reported.pk, "vessel": data.vessel.pk},
        )
        transaction.on_commit(lambda: _tell_reported(report), robust=True)
        return report

    return create_once(
        CrewmateReport.objects.filter(reporter=reporter), idempotency_key, digest, create
    )
