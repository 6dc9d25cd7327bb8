"""The incidents API (issue 15 item 7): the seafarer's own incident care (who looks after
them, their tasks and what comes next) and a master's or officer's crewmate-in-crisis report
(``Idempotency-Key``: a resend after a dropped satellite link files one report)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Header, Router, Schema, Status
from pydantic import Field

from seafarers_home.accounts.models import User
from seafarers_home.api import auth
from seafarers_home.api.errors import (
    IDEMPOTENCY_KEY_HEADER,
    ApiError,
    clean_idempotency_key,
    error_responses,
)
from seafarers_home.core.inputs import Text
from seafarers_home.incidents.access import is_ship_officer, my_records
from seafarers_home.incidents.actions.opening import IncidentInvalid
from seafarers_home.incidents.actions.reports import (
    MAX_OBSERVATION,
    ReportInput,
    do_report_crewmate,
)
from seafarers_home.incidents.board import task_state
from seafarers_home.incidents.models import ResponseTask
from seafarers_home.organisations.models import Vessel
from seafarers_home.permissions.roles import is_seafarer

router = Router(tags=["incidents"])

NOT_A_SEAFARER = _("只有海员本人可以查看。")
NOT_AN_OFFICER = _("只有船长和高级船员可以提交船员危机报告。")


SEAFARER_AUTH = auth.role_auth(is_seafarer, NOT_A_SEAFARER)
OFFICER_AUTH = auth.role_auth(is_ship_officer, NOT_AN_OFFICER)


class TaskOut(Schema):
    code: str
    title: str
    kind: str = Field(..., description="contact, screening, clinician_score or family")
    opens_at: datetime
    due_at: datetime
    state: str = Field(..., description="done, due, overdue or later (not open yet)")
    instruments: list[str] = Field(
        ...,
        description="A screening task's instruments (e.g. pcptsd5, phq4; pcl5): answered with "
        "POST /api/v1/screenings, the task completes itself. Empty for other tasks.",
    )


class IncidentCareOut(Schema):
    incident_id: int
    type: str
    type_label: str
    occurred_at: datetime
    vessel: str
    carer: str = Field(..., description="Who looks after you; empty until assigned.")
    tasks: list[TaskOut]


class CrewmateReportIn(Schema):
    reported_id: int = Field(..., ge=1, le=2**63 - 1, description="The crewmate (a user id).")
    vessel_id: int | None = Field(None, ge=1, le=2**63 - 1)
    observation: Text = Field(..., max_length=MAX_OBSERVATION)
    reach: Text = Field(..., max_length=120, description="How the hospital reaches the ship.")
    position: Text = Field("", max_length=120)
    name_the_reporter: bool = False


class CrewmateReportOut(Schema):
    id: int
    created_at: datetime
    guide_url: str = Field(..., description="The on-board guide; read it now.")


@router.get(
    "/incidents/mine",
    response={200: list[IncidentCareOut], **error_responses(401, 403)},
    summary="My care after an incident",
    description="The signed-in seafarer's own records only: the incident, who looks after "
    "them and their tasks. Nothing about anyone else, and no scores.",
    url_name="incident_mine",
    auth=SEAFARER_AUTH,
)
def incident_mine(request: HttpRequest) -> list[dict[str, Any]]:
    now = timezone.now()
    return [
        {
            "incident_id": person.incident_id,
            "type": person.incident.kind,
            "type_label": str(person.incident.get_kind_display()),
            "occurred_at": person.incident.occurred_at,
            "vessel": person.incident.vessel.name,
            "carer": str(person.responder) if person.responder else "",
            "tasks": [
                {
                    "code": task.code,
                    "title": task.title,
                    "kind": task.kind,
                    "opens_at": task.opens_at,
                    "due_at": task.due_at,
                    "state": task_state(task, now),
                    "instruments": list(task.instruments)
                    if task.kind == ResponseTask.Kind.SCREENING
                    else [],
                }
                for task in person.tasks.all()
            ],
        }
        for person in my_records(request.auth)
    ]


@router.post(
    "/incidents/crewmate-reports",
    response={200: CrewmateReportOut, 201: CrewmateReportOut, **error_responses(401, 403, 422)},
    summary="Report a crewmate in crisis",
    description="Masters and officers only. Raises a crisis alert for the hospital at once. "
    "Send an `Idempotency-Key` and repeat it unchanged after a dropped link: the first report "
    "comes back (200) and nothing is filed twice; the same key with another payload answers "
    "422 `idempotency_conflict`. No vessel, no way to reach the ship, or a person not on the "
    "vessel's crew records answers 422 `invalid_report`.",
    url_name="incident_crewmate_report",
    auth=OFFICER_AUTH,
)
def crewmate_report(
    request: HttpRequest,
    payload: CrewmateReportIn,
    idempotency_key: str = Header(..., **IDEMPOTENCY_KEY_HEADER),
) -> Status:
    key = clean_idempotency_key(idempotency_key)
    vessel = Vessel.objects.filter(pk=payload.vessel_id).first() if payload.vessel_id else None
    reported = User.objects.filter(pk=payload.reported_id).first()
    try:
        report, created = do_report_crewmate(
            request.auth,
            ReportInput(
                reported=reported,
                vessel=vessel,
                observation=payload.observation,
                reach=payload.reach,
                position=payload.position,
                name_the_reporter=payload.name_the_reporter,
            ),
            idempotency_key=key,
            request=request,
        )
    except IncidentInvalid as error:
        raise ApiError(422, "invalid_report", str(error)) from None
    body = {
        "id": report.pk,
        "created_at": report.created_at,
        "guide_url": "/incidents/report/guide/",
    }
    return Status(201 if created else 200, body)
