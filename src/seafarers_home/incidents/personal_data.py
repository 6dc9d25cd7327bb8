"""Critical incidents as personal data (PIPL arts. 45 and 47). Registered from
IncidentsConfig.ready().

Exported, for a person an incident hit: the incident (type, time, vessel), who looked after
them, the family contacts they added, their tasks and states, every contact recorded with them
(when, how, reached or not), the referral, and the scores a clinician recorded for them.
Crewmate reports about the person (when, the vessel, what was seen, the reporter's name only if
they agreed) and those the person made. For staff: the incidents they opened or lead and the
steps they recorded (their work record, with times).

Erasure deletes the person's records of incidents (tasks, contacts, family contacts, scores
with them: the incident's board then counts one person fewer) and the reports about them; a
report they made about someone else is that person's record and is kept, no longer naming
them. Staff records of work are kept (an incident names its opener and lead; erasing such an
account anonymises it, which is the account's own type).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.incidents.models import (
    AffectedPerson,
    CrewmateReport,
    Incident,
    IncidentEvent,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _record(person: AffectedPerson) -> dict[str, Any]:
    incident = person.incident
    return {
        "incident": incident.pk,
        "type": incident.kind,
        "occurred_at": _iso(incident.occurred_at),
        "vessel": incident.vessel.name,
        "carer": person.responder.display_name if person.responder else "",
        "first_reached_at": _iso(person.first_reached_at),
        "referred_at": _iso(person.referred_at),
        "family_contacts_you_added": [
            {"name": c.name, "relation": c.relation, "phone": c.phone}
            for c in person.family_contacts.all()
        ],
        "tasks": [
            {
                "task": task.title_zh,
                "due_at": _iso(task.due_at),
                "status": task.status,
                "completed_at": _iso(task.completed_at),
            }
            for task in person.tasks.all()
        ],
        "contacts": [
            {"at": _iso(event.created_at), "channel": event.channel, "reached": event.reached}
            for event in person.events.filter(kind=IncidentEvent.Kind.CONTACT)
        ],
        "scores_recorded_by_your_clinician": [
            {"measure": score.measure, "total": score.total, "at": _iso(score.created_at)}
            for score in person.clinical_scores.all()
        ],
    }


def _reporter(report: CrewmateReport) -> str:
    profile = getattr(report.reporter, "seafarer_profile", None)
    return profile.real_name if profile is not None else report.reporter.display_name


def export_incidents(user: User) -> dict[str, list[dict[str, Any]]]:
    records = AffectedPerson.objects.filter(seafarer=user).select_related(
        "incident__vessel", "responder"
    )
    about_you = CrewmateReport.objects.filter(reported=user).select_related(
        "reporter__seafarer_profile", "vessel"
    )
    made = CrewmateReport.objects.filter(reporter=user).select_related("reported", "vessel")
    opened = Incident.objects.filter(Q(opened_by=user) | Q(lead=user))
    steps = IncidentEvent.objects.filter(actor=user)
    return {
        "incidents_that_affected_you": [_record(person) for person in records.order_by("pk")],
        "crewmate_reports_about_you": [
            {
                "at": _iso(report.created_at),
                "vessel": report.vessel.name,
                "reporter": _reporter(report) if report.name_the_reporter else "",
                "what_was_seen": report.observation,
            }
            for report in about_you.order_by("pk")
        ],
        "crewmate_reports_you_made": [
            {
                "at": _iso(report.created_at),
                "about": report.reported.display_name,
                "vessel": report.vessel.name,
                "what_you_saw": report.observation,
                "position": report.position,
                "how_to_reach_the_ship": report.reach,
                "you_let_them_know_it_was_you": report.name_the_reporter,
            }
            for report in made.order_by("pk")
        ],
        "incidents_you_opened_or_lead": [
            {"incident": incident.pk, "opened_at": _iso(incident.created_at)}
            for incident in opened.order_by("pk")
        ],
        "steps_you_recorded": [
            {"incident": event.incident_id, "kind": event.kind, "at": _iso(event.created_at)}
            for event in steps.order_by("pk")
        ],
    }


def erase_incidents(user: User) -> None:
    AffectedPerson.objects.filter(seafarer=user).delete()
    CrewmateReport.objects.filter(reported=user).delete()
    # A report the person made about someone else is that person's record too: kept, with
    # the reporter's name no longer given to them.
    CrewmateReport.objects.filter(reporter=user).update(name_the_reporter=False)


def incident_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in AffectedPerson.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("incidents.affectedperson", str(pk))
    for pk in CrewmateReport.objects.filter(reported=user).values_list("pk", flat=True):
        yield ("incidents.crewmatereport", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "incidents",
        gettext_lazy("海上重大事件后的心理支持"),
        export=export_incidents,
        erase=erase_incidents,
        audit_targets=incident_targets,
        help_text=gettext_lazy(
            "如果您所在的船发生了重大事件(如海盗袭击、人员落水、获救):事件的类型、时间和船舶,"
            "负责联系您的医生或咨询员,您添加的家属联系人,您的随访任务和完成情况,每次联系的时间和方式,转介,"
            "以及医生为您记录的评估得分;船上同事为您提交的危机报告和您提交的报告。"
            "删除时,这些记录全部删除;您为别人提交的报告也是对方的记录,会保留,但不再显示您的名字。"
        ),
        models=(
            "incidents.Incident",
            "incidents.AffectedPerson",
            "incidents.ResponseTask",
            "incidents.IncidentEvent",
            "incidents.ClinicalScore",
            "incidents.CrewmateReport",
            "incidents.FamilyContact",
        ),
    )
