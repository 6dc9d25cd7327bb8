"""The team's work on one person: assigning a carer, recording contacts, a clinician's score,
and referring to a consultation and the green channel.

A recorded contact that reached the person completes the open contact task it was for (the
fact exists). The seafarer answers the plan's screenings themself (``facts`` completes those
tasks and refers on their PCL-5); when they cannot answer online — at sea with only a
satellite phone — the assigned clinician may give the measure by phone and record its total
(``do_record_clinical_score``): a PCL-5 total at or above the incident's cut-off refers the
person, as does a clinician's judgement. The timeline records only the operational fact (who, when,
which channel, reached or not, "referred"); the score itself is readable by the assigned
clinician alone.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.incidents.access import CARER_ROLES, may_coordinate
from seafarers_home.incidents.actions.opening import PURPOSE, IncidentInvalid
from seafarers_home.incidents.models import (
    AffectedPerson,
    ClinicalScore,
    IncidentEvent,
    ResponseTask,
)
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.screening.instruments import UnknownInstrument, get_instrument
from seafarers_home.voyages.green_referrals import ReferralInvalid, do_refer_to_green_channel
from seafarers_home.voyages.models import GreenChannelReferral

CONTACT_KINDS = (ResponseTask.Kind.CONTACT, ResponseTask.Kind.FAMILY)
CARER_MESSAGE = gettext_lazy("海员之家:有一位医院的工作人员负责联系您。请打开海员之家查看。")
ASSIGNED_MESSAGE = gettext_lazy("您被指派负责一位海员的心理支持。请打开事件页面查看任务。")
REFERRED_MESSAGE = gettext_lazy("医生建议您进行一对一的远程咨询。请打开海员之家预约。")


def _event(person: AffectedPerson, actor: User | None, kind: str, **extra: object) -> None:
    IncidentEvent.objects.create(
        incident_id=person.incident_id, person=person, actor=actor, kind=kind, **extra
    )


def _audit(actor: User | None, action: str, person: AffectedPerson, request, **detail) -> None:
    record_audit(
        actor,
        action,
        target=person,
        purpose=PURPOSE,
        request=request,
        detail={"incident": person.incident_id, **detail},
    )


def do_assign_responder(
    person: AffectedPerson, responder: User, by: User, *, request: HttpRequest | None = None
) -> AffectedPerson:
    if not may_coordinate(by, person.incident):
        raise IncidentInvalid(_("只有事件负责人和工会工作人员可以指派。"))
    if not responder.has_role(*CARER_ROLES):
        raise IncidentInvalid(_("只能指派医生或心理咨询员。"))
    with transaction.atomic():
        person.responder = responder
        person.save(update_fields=["responder", "updated_at"])
        _event(person, by, IncidentEvent.Kind.ASSIGNED)
        _audit(by, "incidents.assign", person, request, responder=responder.pk)
        transaction.on_commit(
            lambda: do_send_notification(
                responder,
                kind="incidents.assigned",
                message=ASSIGNED_MESSAGE,
                url=reverse("incidents:person", args=[person.pk]),
                dedupe_key=f"incident-assigned-{person.pk}-{responder.pk}",
            ),
            robust=True,
        )
        if person.seafarer_id:
            seafarer = person.seafarer
            transaction.on_commit(
                lambda: do_send_notification(
                    seafarer,
                    kind="incidents.carer",
                    message=CARER_MESSAGE,
                    url=reverse("incidents:mine"),
                    dedupe_key=f"incident-carer-{person.pk}-{responder.pk}",
                ),
                robust=True,
            )
    return person


def do_assign_unassigned(
    incident, responder: User, by: User, *, request: HttpRequest | None = None
) -> int:
    """Give every person nobody looks after yet to ``responder`` (a large crew); one message
    to the responder, one to each seafarer. Returns how many."""
    if not may_coordinate(by, incident):
        raise IncidentInvalid(_("只有事件负责人和工会工作人员可以指派。"))
    if not responder.has_role(*CARER_ROLES):
        raise IncidentInvalid(_("只能指派医生或心理咨询员。"))
    with transaction.atomic():
        people = list(
            # "of": the seafarer is an outer join (invited people have none) PostgreSQL
            # will not lock.
            AffectedPerson.objects.select_for_update(of=("self",))
            .filter(incident=incident, responder__isnull=True)
            .select_related("seafarer")
        )
        if not people:
            return 0
        AffectedPerson.objects.filter(pk__in=[p.pk for p in people]).update(
            responder=responder, updated_at=timezone.now()
        )
        IncidentEvent.objects.bulk_create(
            IncidentEvent(
                incident=incident, person=person, actor=by, kind=IncidentEvent.Kind.ASSIGNED
            )
            for person in people
        )
        record_audit(
            by,
            "incidents.assign",
            target=incident,
            purpose=PURPOSE,
            request=request,
            detail={"responder": responder.pk, "people": [p.pk for p in people]},
        )
        seafarers = [(p.pk, p.seafarer) for p in people if p.seafarer is not None]

        def notify() -> None:
            do_send_notification(
                responder,
                kind="incidents.assigned",
                message=ASSIGNED_MESSAGE,
                url=reverse("incidents:board", args=[incident.pk]),
                dedupe_key=f"incident-assigned-all-{incident.pk}-{responder.pk}-{people[0].pk}",
            )
            for pk, seafarer in seafarers:
                do_send_notification(
                    seafarer,
                    kind="incidents.carer",
                    message=CARER_MESSAGE,
                    url=reverse("incidents:mine"),
                    dedupe_key=f"incident-carer-{pk}-{responder.pk}",
                )

        transaction.on_commit(notify, robust=True)
    return len(people)


ASKED_MESSAGE = gettext_lazy("您负责的一位海员请您联系他。请打开事件页面查看回拨号码。")
MAX_NUMBER = 40


def do_ask_for_contact(
    person: AffectedPerson, seafarer: User, *, number: str, request: HttpRequest | None = None
) -> AffectedPerson:
    """The seafarer asks their carer (or the incident's lead) to contact them, on ``number``
    if given (the ship's satellite phone)."""
    if person.seafarer_id != seafarer.pk:
        raise IncidentInvalid(_("只有海员本人可以请求联系。"))
    number = number.strip()
    if len(number) > MAX_NUMBER or (number and not re.fullmatch(r"[0-9+\- ]+", number)):
        raise IncidentInvalid(_("请填写电话号码(只用数字、空格、+ 和 -)。"))
    recipient = person.responder or person.incident.lead
    with transaction.atomic():
        if number:
            person.callback_number = number
            person.save(update_fields=["callback_number", "updated_at"])
        event = IncidentEvent.objects.create(
            incident_id=person.incident_id,
            person=person,
            actor=seafarer,
            kind=IncidentEvent.Kind.ASKED,
        )
        _audit(seafarer, "incidents.ask_contact", person, request)
        transaction.on_commit(
            lambda: do_send_notification(
                recipient,
                kind="incidents.asked",
                message=ASKED_MESSAGE,
                url=reverse("incidents:person", args=[person.pk]),
                dedupe_key=f"incident-asked-{event.pk}",
            ),
            robust=True,
        )
    return person


def _may_care(by: User, person: AffectedPerson) -> bool:
    return (
        person.responder_id == by.pk
        or may_coordinate(by, person.incident)
        or (by.has_role(*CARER_ROLES))
    )


def do_record_contact(
    person: AffectedPerson,
    by: User,
    *,
    task: ResponseTask,
    channel: str,
    reached: bool,
    request: HttpRequest | None = None,
) -> IncidentEvent:
    """A contact attempt for one of the person's contact tasks; reached → the task is done."""
    if not _may_care(by, person):
        raise IncidentInvalid(_("您不能为这位人员记录联系。"))
    if task.person_id != person.pk or task.kind not in CONTACT_KINDS:
        raise IncidentInvalid(_("请选择一项联系任务。"))
    if channel not in IncidentEvent.Channel.values:
        raise IncidentInvalid(_("请选择联系方式。"))
    now = timezone.now()
    with transaction.atomic():
        event = IncidentEvent.objects.create(
            incident_id=person.incident_id,
            person=person,
            actor=by,
            kind=IncidentEvent.Kind.CONTACT,
            task=task,
            channel=channel,
            reached=reached,
        )
        if reached:
            if person.first_reached_at is None:
                person.first_reached_at = now
                person.save(update_fields=["first_reached_at", "updated_at"])
            if task.status == ResponseTask.Status.OPEN:
                _done(task, now, by)
        _audit(by, "incidents.contact", person, request, task=task.code, reached=reached)
    return event


def _done(task: ResponseTask, at, actor: User | None) -> None:
    task.status, task.completed_at = ResponseTask.Status.DONE, at
    task.save(update_fields=["status", "completed_at", "updated_at"])
    _event(task.person, actor, IncidentEvent.Kind.TASK_DONE, task=task)


def scorable_by_clinician(task: ResponseTask) -> bool:
    """A task whose one measure the clinician may give by phone and score: a clinician-score
    step, or a one-instrument screening (the PCL-5) the seafarer cannot answer online."""
    return (
        task.kind in (ResponseTask.Kind.CLINICIAN_SCORE, ResponseTask.Kind.SCREENING)
        and len(task.instruments) == 1
    )


def do_record_clinical_score(
    task: ResponseTask, clinician: User, *, total: int, request: HttpRequest | None = None
) -> ClinicalScore:
    """The assigned clinician's total of a measure given by phone or on paper."""
    person = task.person
    if not clinician.has_role(Role.CLINICIAN) or person.responder_id != clinician.pk:
        raise IncidentInvalid(_("只有负责这位人员的医生可以记录评估。"))
    if not scorable_by_clinician(task):
        raise IncidentInvalid(_("这项任务不需要医生评估。"))
    measure = task.instruments[0]
    try:
        instrument = get_instrument(measure)
    except UnknownInstrument:
        raise IncidentInvalid(_("这项任务不需要医生评估。")) from None
    lowest, highest = instrument.min_total, instrument.max_total
    if not lowest <= total <= highest:
        raise IncidentInvalid(
            _("总分须在 %(min)s 到 %(max)s 之间。") % {"min": lowest, "max": highest}
        )
    with transaction.atomic():
        score = ClinicalScore.objects.create(
            person=person, task=task, clinician=clinician, measure=measure, total=total
        )
        if task.status == ResponseTask.Status.OPEN:
            _done(task, timezone.now(), clinician)
        _audit(clinician, "incidents.score", person, request, task=task.code)
        if measure == "pcl5" and total >= person.incident.pcl5_cutoff:
            refer_person(person, clinician, reason="pcl5_cutoff", request=request)
    return score


def do_refer_person(
    person: AffectedPerson, clinician: User, *, request: HttpRequest | None = None
) -> AffectedPerson:
    """The assigned clinician's judgement: refer to a consultation and the green channel."""
    if not clinician.has_role(Role.CLINICIAN) or person.responder_id != clinician.pk:
        raise IncidentInvalid(_("只有负责这位人员的医生可以转介。"))
    with transaction.atomic():
        refer_person(person, clinician, reason="clinician", request=request)
    return person


def refer_person(
    person: AffectedPerson,
    by: User | None,
    *,
    reason: str,
    request: HttpRequest | None = None,
) -> bool:
    """Refer once (inside the caller's transaction): the green-channel referral when the
    seafarer is registered and consented, and a message to book a consultation. False when
    the person was already referred."""
    locked = AffectedPerson.objects.select_for_update().get(pk=person.pk)
    if locked.referred_at is not None:
        return False
    person.referred_at = timezone.now()
    person.save(update_fields=["referred_at", "updated_at"])
    _event(person, by, IncidentEvent.Kind.REFERRED)
    _audit(by, "incidents.refer", person, request, reason=reason)
    seafarer = person.seafarer
    if seafarer is None:
        return True
    referrer = by if by is not None and by.has_role(*CARER_ROLES) else person.responder
    if referrer is not None and not referrer.has_role(*CARER_ROLES):
        referrer = None
    # A clinician's referral, or (no carer yet) the screening rule's, as after a return screening.
    source = (
        GreenChannelReferral.Source.CLINICIAN
        if referrer is not None
        else GreenChannelReferral.Source.RETURN_SCREENING
    )
    try:
        with transaction.atomic():
            do_refer_to_green_channel(
                seafarer,
                source=source,
                referred_by=referrer,
                reason=_("海上重大事件后的随访"),
                request=request,
            )
    except ReferralInvalid:
        pass  # no health-data consent yet: the message to book a consultation still goes
    transaction.on_commit(
        lambda: do_send_notification(
            seafarer,
            kind="incidents.referred",
            message=REFERRED_MESSAGE,
            url=reverse("consultations:book"),
            dedupe_key=f"incident-referred-{person.pk}",
        ),
        robust=True,
    )
    return True
