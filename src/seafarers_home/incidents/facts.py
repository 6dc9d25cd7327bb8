"""Tasks that complete themselves when the fact exists, the referral rules on screenings, and
reminders that go once — for the people of open incidents, in a fixed number of queries.

- a screening task is done when the person has a response to every instrument it names,
  submitted after the task opened (the response's time is the task's completion time): the
  seafarer answers them on the 心理CT pages from their own incident page (PC-PTSD-5 + PHQ-4 at
  1–2 weeks, the PCL-5 at 1 and 3 months) or through the screening API;
- a clinician-score task is done as well by a response to its measure;
- the seafarer's own PCL-5 total at or above the incident's cut-off (the plan's data, default
  33) refers the person when it completes its task (a clinician's phone-administered total
  does the same in ``actions.response``);
- a PHQ-9 whose item 9 is above 0, answered since the person was added, refers the person
  (the screening itself has already raised the crisis alert);
- a person invited by number who has registered since gets their record linked;
- reminders go once: a screening to the seafarer when it opens; any other task to the
  person's carer (or the incident's lead) from ``REMIND_BEFORE`` before it is due.

Run by the periodic job ``incidents.sync`` and after each write that may be a fact.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.incidents.actions.response import refer_person
from seafarers_home.incidents.models import AffectedPerson, Incident, IncidentEvent, ResponseTask
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.screening.models import Response

REMIND_BEFORE = datetime.timedelta(hours=24)
SCREEN_REMINDER = gettext_lazy("海员之家:您有一项心理CT可以做了,几分钟就能完成。")
TASK_REMINDER = gettext_lazy("您负责的重大事件应对任务中有 %(n)s 项即将到期或已逾期,请查看。")


@dataclass
class SyncReport:
    completed: int = 0
    referred: int = 0
    reminded: int = 0


def sync_incidents(incident_ids: list[int] | None = None, now: datetime.datetime | None = None):
    """Complete, refer and remind for the open incidents (or those named)."""
    now = now or timezone.now()
    report = SyncReport()
    incidents = Incident.objects.filter(status=Incident.Status.OPEN)
    if incident_ids is not None:
        incidents = incidents.filter(pk__in=incident_ids)
    people = list(
        AffectedPerson.objects.filter(incident__in=incidents).select_related(
            "incident__lead", "seafarer", "responder"
        )
    )
    if not people:
        return report
    _link_registered(people)
    by_pk = {person.pk: person for person in people}
    seafarer_ids = {person.seafarer_id for person in people if person.seafarer_id}
    since = min(person.created_at for person in people)
    responses: dict[int, list[tuple[str, datetime.datetime, float | None, bool]]]
    responses = defaultdict(list)
    for row in Response.objects.filter(
        seafarer_id__in=seafarer_ids, created_at__gte=since
    ).values_list("seafarer_id", "instrument_code", "created_at", "total_score", "safety_positive"):
        responses[row[0]].append(row[1:])
    open_tasks = ResponseTask.objects.filter(
        person_id__in=list(by_pk), status=ResponseTask.Status.OPEN
    ).order_by("due_at", "pk")
    carers: dict[int, list[ResponseTask]] = defaultdict(list)
    for task in open_tasks:
        person = by_pk[task.person_id]
        task.person = person
        if _complete(task, person, responses.get(person.seafarer_id, []), now, report):
            continue
        if task.reminded_at is None and _reminder_due(task, now):
            if task.kind == ResponseTask.Kind.SCREENING:
                _remind_seafarer(task, person, now)
            else:
                carers[(person.responder or person.incident.lead).pk].append(task)
            report.reminded += 1
    _remind_carers(carers, by_pk, now)
    for person in people:
        if person.referred_at is None and any(
            code == "phq9" and safety and at >= person.created_at
            for code, at, _total, safety in responses.get(person.seafarer_id, [])
        ):
            with transaction.atomic():
                report.referred += refer_person(person, None, reason="phq9_item9")
    return report


def _link_registered(people: list[AffectedPerson]) -> None:
    """People invited by number who have since registered as seafarers: their record becomes
    theirs (their own page shows it, their screenings count)."""
    waiting = {person.phone: person for person in people if person.seafarer_id is None}
    if not waiting:
        return
    registered = User.objects.filter(
        phone__in=list(waiting), role_grants__role=Role.SEAFARER
    ).select_related("seafarer_profile")
    for user in registered.distinct():
        person = waiting[user.phone]
        if AffectedPerson.objects.filter(incident_id=person.incident_id, seafarer=user).exists():
            continue
        profile = getattr(user, "seafarer_profile", None)
        person.seafarer = user
        person.name = profile.real_name if profile is not None else user.display_name
        person.save(update_fields=["seafarer", "name", "updated_at"])


def _complete(task, person, answered, now, report: SyncReport) -> bool:
    if task.kind not in (ResponseTask.Kind.SCREENING, ResponseTask.Kind.CLINICIAN_SCORE):
        return False
    latest: dict[str, tuple[datetime.datetime, float | None]] = {}
    for code, at, total, _safety in answered:
        # The newest answer in the window counts (the rows come newest first or unordered).
        if code in task.instruments and at >= task.opens_at and at >= latest.get(code, (at,))[0]:
            latest[code] = (at, total)
    if not task.instruments or any(code not in latest for code in task.instruments):
        return False
    with transaction.atomic():
        task.status = ResponseTask.Status.DONE
        task.completed_at = max(at for at, _total in latest.values())
        task.save(update_fields=["status", "completed_at", "updated_at"])
        IncidentEvent.objects.create(
            incident_id=person.incident_id,
            person=person,
            kind=IncidentEvent.Kind.TASK_DONE,
            task=task,
        )
        pcl5 = latest.get("pcl5")
        if pcl5 is not None and pcl5[1] is not None and pcl5[1] >= person.incident.pcl5_cutoff:
            report.referred += refer_person(person, None, reason="pcl5_cutoff")
    report.completed += 1
    return True


def _reminder_due(task: ResponseTask, now: datetime.datetime) -> bool:
    """A screen as soon as it opens (the seafarer does it); other work a day before it is due."""
    if task.opens_at > now:
        return False
    return task.kind == ResponseTask.Kind.SCREENING or task.due_at - now <= REMIND_BEFORE


def _remind_seafarer(task: ResponseTask, person: AffectedPerson, now: datetime.datetime) -> None:
    ResponseTask.objects.filter(pk=task.pk).update(reminded_at=now)
    if person.seafarer is not None:
        do_send_notification(
            person.seafarer,
            kind="incidents.reminder",
            message=SCREEN_REMINDER,
            url=reverse("incidents:mine"),  # the task's own button starts its screening
            dedupe_key=f"incident-task-reminder-{task.pk}",
        )


def _remind_carers(
    carers: dict[int, list[ResponseTask]],
    people: dict[int, AffectedPerson],
    now: datetime.datetime,
) -> None:
    """One notification per carer and run, however many of their tasks fell due (an incident
    with a whole crew must not flood its lead with hundreds)."""
    for tasks in carers.values():
        ResponseTask.objects.filter(pk__in=[task.pk for task in tasks]).update(reminded_at=now)
        first = people[tasks[0].person_id]
        recipient = first.responder or first.incident.lead
        if len(tasks) == 1:
            url = reverse("incidents:person", args=[first.pk])
        else:
            url = reverse("incidents:board", args=[first.incident_id])
        do_send_notification(
            recipient,
            kind="incidents.reminder",
            message=TASK_REMINDER,
            params={"n": len(tasks)},
            url=url,
            dedupe_key=f"incident-task-reminders-{recipient.pk}-{tasks[0].pk}",
        )
