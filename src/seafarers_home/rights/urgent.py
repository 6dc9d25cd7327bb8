"""Urgent cases (issue 11 item 3): abandonment without food, water or fuel, and violence on
board with the seafarer still aboard. The rights officers on duty (the roster, duty.py) and the
union's staff hear at once, by SMS too; when nobody is on duty, every rights officer does. One
that nobody has claimed after ``RIGHTS_URGENT_ESCALATE_MINUTES`` is escalated — every rights
officer and the union's staff are told again, by SMS — once.

This is not a crisis alert: it is about a seafarer's safety and rights, not their mental
health, so it never reaches the clinicians' alert board. Each urgent case has a task at its
escalation time (tasks.py); the periodic sweep (periodic_jobs.py) catches any the task
missed and is the only retry."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.audit.services import record_audit
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.rights.duty import union_staff, urgent_legal_workers
from seafarers_home.rights.models import RightsCase, Status
from seafarers_home.rights.reporting import (
    PURPOSE,
    URGENT_CASE_MESSAGE,
    notify_new_case,
    union_rights_officers,
)

ESCALATED_MESSAGE = gettext_lazy("紧急维权案件(弃船或船上暴力)已超时无人认领,请立即处理。")


def escalate_delay() -> timedelta:
    return timedelta(minutes=getattr(settings, "RIGHTS_URGENT_ESCALATE_MINUTES", 15))


def alert_new_case(case: RightsCase) -> None:
    """After the case commits: an urgent case to the rights officers on duty (all of them when
    nobody is) and the union's staff, by SMS; any other case to the rights officers' inbox."""
    if not case.urgent:
        notify_new_case(case)
        return
    url = reverse("rights:work_case", kwargs={"pk": case.pk})
    workers, _rostered = urgent_legal_workers()
    people = {u.pk: u for u in [*workers, *union_staff()]}
    for person in people.values():
        do_send_notification(
            person,
            kind="rights.new_case",
            message=URGENT_CASE_MESSAGE,
            url=url,
            dedupe_key=f"rights.new_case.{case.pk}",
            sms=True,
        )


def _waiting(submitted_before: datetime) -> QuerySet[RightsCase]:
    return RightsCase.objects.filter(
        urgent=True,
        status=Status.RECEIVED,
        owner__isnull=True,
        escalated_at__isnull=True,
        submitted_at__lte=submitted_before,
    )


def escalate_unclaimed_urgent(case_id: int | None = None) -> int:
    """Escalate the urgent cases nobody claimed in time (or only ``case_id``); how many."""
    now = timezone.now()
    waiting = _waiting(now - escalate_delay())
    if case_id is not None:
        waiting = waiting.filter(pk=case_id)
    done = 0
    for pk in list(waiting.values_list("pk", flat=True)):
        with transaction.atomic():
            case = _waiting(now - escalate_delay()).select_for_update().filter(pk=pk).first()
            if case is None:
                continue  # claimed or escalated meanwhile
            case.escalated_at = now
            case.save(update_fields=["escalated_at", "updated_at"])
            record_audit(None, "rights.escalate", target=case, purpose=PURPOSE)
            url = reverse("rights:work_case", kwargs={"pk": case.pk})
            people = {u.pk: u for u in [*union_rights_officers(), *union_staff()]}
            for person in people.values():
                transaction.on_commit(
                    lambda person=person, case=case, url=url: do_send_notification(
                        person,
                        kind="rights.urgent",
                        message=ESCALATED_MESSAGE,
                        url=url,
                        dedupe_key=f"rights.escalate.{case.pk}",
                        sms=True,
                    ),
                    robust=True,
                )
            done += 1
    return done
