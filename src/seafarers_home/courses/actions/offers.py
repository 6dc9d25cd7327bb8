"""The waiting list of a session, as the activities' works: a freed seat is offered to the
oldest waiting applicant, who is told and has until ``offered_until`` to confirm it; an offer
not confirmed by then lapses (the task queued at its deadline, run by the real task worker, or
the periodic sweep for a lost task) and the seat passes to the next in line.

Every write holds the session's row lock while it counts seats, so an offer, a confirmation, a
withdrawal and a lapse never give one seat twice."""

from __future__ import annotations

import datetime
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from seafarers_home.audit.services import record_audit
from seafarers_home.courses.errors import Refused
from seafarers_home.courses.models import Application, CourseSession
from seafarers_home.courses.notify import notify_applicant
from seafarers_home.courses.seats import seats_taken

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "training course decisions"
# How long a seafarer offered a seat has to confirm it: two days (a ship may be out of reach
# for one), never past the session's first morning.
OFFER_HOURS = 48
Status = Application.Status

OFFERED_MESSAGE = gettext_lazy(
    "“%(course)s”(%(starts)s 开班)有名额空出,已为您保留。请在 %(until)s 前确认,"
    "逾期名额将让给下一位候补。"
)
CONFIRMED_MESSAGE = gettext_lazy("您已确认“%(course)s”(%(starts)s 开班)的名额,请按时参加。")
LAPSED_MESSAGE = gettext_lazy(
    "您没有在期限内确认“%(course)s”(%(starts)s 开班)的名额,名额已让给下一位候补。"
)


def session_begins(session: CourseSession) -> datetime.datetime:
    """The session's first day at midnight, in the union's zone (where the courses run)."""
    return datetime.datetime.combine(
        session.starts_on, datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )


def _enqueue_lapse(application_id: int, until: datetime.datetime) -> None:
    lapse_seat_offer_task.using(run_after=until).enqueue(application_id)


def offer_deadline(session: CourseSession, now: datetime.datetime) -> datetime.datetime:
    return min(now + datetime.timedelta(hours=OFFER_HOURS), session_begins(session))


def promote_waiting(
    session: CourseSession, now: datetime.datetime | None = None
) -> list[Application]:
    """Offer the free seats of ``session`` (locked by the caller) to the oldest waiting, each
    until its deadline. Nobody is offered a seat once the session has begun."""
    now = now or timezone.now()
    if session.cancelled_at is not None or now >= session_begins(session):
        return []
    free = session.seats - seats_taken(session)
    if free <= 0:
        return []
    offered = list(
        session.applications.select_for_update(of=("self",))
        .filter(status=Status.WAITLISTED)
        .select_related("seafarer", "session__course")
        .order_by("created_at", "pk")[:free]
    )
    until = offer_deadline(session, now)
    for application in offered:
        application.status = Status.OFFERED
        application.promoted_at = now
        application.offered_until = until
        application.save(update_fields=["status", "promoted_at", "offered_until", "updated_at"])
        record_audit(None, "course.promote", target=application, purpose=PURPOSE)
        # The deadline is written in the seafarer's zone when the notification is rendered.
        notify_applicant(application, "offered", OFFERED_MESSAGE, until=until)
        transaction.on_commit(partial(_enqueue_lapse, application.pk, until), robust=True)
    return offered


def do_confirm_seat(
    application: Application, seafarer: User, *, request: HttpRequest | None = None
) -> Application:
    """Take the seat offered from the waiting list, before its deadline; confirming twice
    answers the approved application. Raises ``Refused`` otherwise."""
    if application.seafarer_id != seafarer.pk:
        raise Refused(_("找不到这份报名。"))
    with transaction.atomic():
        CourseSession.objects.select_for_update().get(pk=application.session_id)
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("seafarer", "session__course")
            .get(pk=application.pk)
        )
        if current.status == Status.APPROVED:
            return current
        if current.status != Status.OFFERED:
            raise Refused(_("这个名额已不再为您保留。"))
        if current.offered_until is None or current.offered_until <= timezone.now():
            raise Refused(_("确认时间已过,名额已让给下一位候补。"))
        current.status = Status.APPROVED
        current.offered_until = None
        current.save(update_fields=["status", "offered_until", "updated_at"])
        record_audit(
            seafarer, "course.offer_confirm", target=current, purpose=PURPOSE, request=request
        )
        notify_applicant(current, "confirmed", CONFIRMED_MESSAGE)
    return current


def lapse_seat_offer(application_id: int, now: datetime.datetime | None = None) -> bool:
    """Let one offer lapse if its deadline has passed unconfirmed, and offer the seat to the
    next waiting. True when it lapsed."""
    now = now or timezone.now()
    with transaction.atomic():
        found = Application.objects.filter(pk=application_id).only("session_id").first()
        if found is None:
            return False
        session = CourseSession.objects.select_for_update().get(pk=found.session_id)
        current = (
            Application.objects.select_for_update(of=("self",))
            .select_related("seafarer", "session__course")
            .get(pk=application_id)
        )
        if current.status != Status.OFFERED or current.offered_until is None:
            return False
        if current.offered_until > now:
            return False
        current.status = Status.LAPSED
        current.save(update_fields=["status", "updated_at"])
        record_audit(None, "course.offer_lapse", target=current, purpose=PURPOSE)
        notify_applicant(current, "lapsed", LAPSED_MESSAGE)
        promote_waiting(session, now)
    return True


@task()
def lapse_seat_offer_task(application_id: int) -> bool:
    return lapse_seat_offer(application_id)


def lapse_due_seat_offers(now: datetime.datetime | None = None) -> int:
    """The periodic sweep: every offer past its deadline lapses (a lost task's too)."""
    now = now or timezone.now()
    due = Application.objects.filter(status=Status.OFFERED, offered_until__lte=now)
    return sum(lapse_seat_offer(pk, now) for pk in due.values_list("pk", flat=True))
