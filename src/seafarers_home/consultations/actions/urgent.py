"""Urgent consultations: page the on-call psychiatrist for a named seafarer, then call them
into a room at once or ring the ship's satellite phone.

The page is a crisis alert raised at tier 2 (the on-call psychiatrist) in the same transaction
as the request, so it is acknowledged or escalated like any other alert and can never be lost.
Taking the request acknowledges the alert. Every step writes an ``UrgentEvent`` (the episode's
timeline) and an audit row; messages to the seafarer say only that a doctor is calling.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.actions.outcomes import close_alerts
from seafarers_home.alerts.actions.raising import do_acknowledge_alert, do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.services import record_audit
from seafarers_home.consultations.models import Appointment, Mode, Slot
from seafarers_home.consultations.models_clinical import UrgentEvent, UrgentRequest
from seafarers_home.notifications.actions import do_send_notification

ON_CALL_TIER = 2
URGENT_ROOM_MINUTES = 60
MAX_REASON_LENGTH = 2000
OPENER_ROLES = (Role.UNION_STAFF, Role.COUNSELLOR)
ACTIVE_STATUSES = (
    UrgentRequest.Status.PAGING,
    UrgentRequest.Status.ACKNOWLEDGED,
    UrgentRequest.Status.IN_CALL,
    UrgentRequest.Status.CALLBACK_ARRANGED,
)

# How the episode's outcome ends its crisis alert.
ALERT_OUTCOMES = {
    UrgentRequest.Outcome.TALKED: CrisisAlert.Outcome.CONSULTATION,
    UrgentRequest.Outcome.CRISIS_PROTOCOL: CrisisAlert.Outcome.CONSULTATION,
    UrgentRequest.Outcome.REFERRED: CrisisAlert.Outcome.REFERRED,
    UrgentRequest.Outcome.UNREACHABLE: CrisisAlert.Outcome.NOT_REACHABLE,
    UrgentRequest.Outcome.WITHDRAWN: CrisisAlert.Outcome.WITHDRAWN,
}


class UrgentInvalid(ValueError):
    """A refused step; ``str(error)`` is a translated sentence for the person."""


def _event(urgent: UrgentRequest, actor: User | None, kind: str, detail: str = "") -> UrgentEvent:
    return UrgentEvent.objects.create(request=urgent, actor=actor, kind=kind, detail=detail[:200])


def _audit(actor: User, action: str, urgent: UrgentRequest, request: HttpRequest | None) -> None:
    record_audit(
        actor,
        action,
        target=urgent,
        purpose="urgent consultation",
        request=request,
        detail={"seafarer": urgent.seafarer_id, "status": urgent.status},
    )


def _locked(urgent: UrgentRequest) -> UrgentRequest:
    return UrgentRequest.objects.select_for_update().select_related("seafarer").get(pk=urgent.pk)


def do_open_urgent_request(
    seafarer: User,
    opened_by: User,
    *,
    reason: str,
    callback_number: str = "",
    request: HttpRequest | None = None,
) -> UrgentRequest:
    """Open an episode and page the on-call psychiatrist. Prior health-data consent is not
    required: PIPL art. 13(4) allows processing needed to protect a person's life in an
    emergency, and a seafarer in distress at sea may never have used the platform."""
    reason = (reason or "").strip()
    if not opened_by.has_role(*OPENER_ROLES):
        raise UrgentInvalid(_("只有工会工作人员和热线咨询员可以发起紧急会诊。"))
    if not seafarer.has_role(Role.SEAFARER):
        raise UrgentInvalid(_("只能为已登记的海员发起紧急会诊。"))
    if not reason:
        raise UrgentInvalid(_("请简要说明情况。"))
    if len(reason) > MAX_REASON_LENGTH:
        raise UrgentInvalid(_("情况说明太长,请控制在2000字以内。"))
    with transaction.atomic():
        # Lock the seafarer's row so that two staff members cannot both open an episode.
        User.objects.select_for_update().filter(pk=seafarer.pk).first()
        if UrgentRequest.objects.filter(seafarer=seafarer, status__in=ACTIVE_STATUSES).exists():
            raise UrgentInvalid(_("该海员已有一个进行中的紧急会诊,请在原记录中继续。"))
        urgent = UrgentRequest.objects.create(
            seafarer=seafarer,
            opened_by=opened_by,
            reason=reason,
            callback_number=callback_number.strip()[:40],
        )
        urgent.alert = do_raise_crisis_alert(
            seafarer,
            source=CrisisAlert.Source.CONSULTATION,
            source_id=str(urgent.pk),
            reason="urgent_consultation",
            request=request,
            tier=ON_CALL_TIER,
        )
        urgent.save(update_fields=["alert", "updated_at"])
        _event(urgent, opened_by, UrgentEvent.Kind.OPENED)
        _audit(opened_by, "urgent_consultation.open", urgent, request)
    return urgent


def do_take_urgent_request(
    urgent: UrgentRequest, clinician: User, *, request: HttpRequest | None = None
) -> UrgentRequest:
    """The psychiatrist answers the page: acknowledges the alert and owns the episode.
    Taking it twice is a no-op; another clinician's episode is refused."""
    if not clinician.has_role(Role.CLINICIAN):
        raise UrgentInvalid(_("只有医生可以响应紧急会诊。"))
    with transaction.atomic():
        locked = _locked(urgent)
        if locked.psychiatrist_id == clinician.pk:
            return locked
        if locked.psychiatrist_id is not None:
            raise UrgentInvalid(_("另一位医生已经响应了这个紧急会诊。"))
        if locked.status == UrgentRequest.Status.CLOSED:
            raise UrgentInvalid(_("这个紧急会诊已经结束。"))
        if locked.alert is not None:
            do_acknowledge_alert(locked.alert, clinician, request=request)
        locked.psychiatrist = clinician
        locked.status = UrgentRequest.Status.ACKNOWLEDGED
        locked.save(update_fields=["psychiatrist", "status", "updated_at"])
        _event(locked, clinician, UrgentEvent.Kind.ACKNOWLEDGED)
        _audit(clinician, "urgent_consultation.take", locked, request)
    return locked


def _require_owner(urgent: UrgentRequest, clinician: User) -> None:
    if urgent.psychiatrist_id != clinician.pk:
        raise UrgentInvalid(_("请先响应这个紧急会诊。"))
    if urgent.status == UrgentRequest.Status.CLOSED:
        raise UrgentInvalid(_("这个紧急会诊已经结束。"))


def _department_of(clinician: User):
    grant = (
        clinician.role_grants.filter(role=Role.CLINICIAN, organisation__isnull=False)
        .select_related("organisation")
        .first()
    )
    if grant is None:
        raise UrgentInvalid(_("您的医生账号没有所属科室,请联系管理员。"))
    return grant.organisation


def do_call_seafarer_into_room(
    urgent: UrgentRequest, clinician: User, *, request: HttpRequest | None = None
) -> Appointment:
    """Open a call room now (an ad-hoc remote slot booked for the seafarer) and tell the
    seafarer, in the app and by SMS, that a doctor is calling. Calling again reuses the room
    while it is still open."""
    now = timezone.now()
    with transaction.atomic():
        locked = _locked(urgent)
        _require_owner(locked, clinician)
        current = locked.appointment
        if current is not None and current.slot.ends_at > now:
            return current
        slot = Slot.objects.create(
            department=_department_of(clinician),
            clinician=clinician,
            starts_at=now,
            ends_at=now + timedelta(minutes=URGENT_ROOM_MINUTES),
            mode=Mode.REMOTE,
        )
        appointment = Appointment.objects.create(slot=slot, seafarer=locked.seafarer)
        locked.appointment = appointment
        locked.status = UrgentRequest.Status.IN_CALL
        locked.save(update_fields=["appointment", "status", "updated_at"])
        _event(locked, clinician, UrgentEvent.Kind.ROOM_OPENED)
        _audit(clinician, "urgent_consultation.room", locked, request)
        do_send_notification(
            locked.seafarer,
            kind="consultation.urgent_call",
            message=gettext_lazy("医生正在呼叫您进行远程咨询,请立即打开海员之家。"),
            url=reverse("consultations:urgent_join", args=[locked.pk]),
            dedupe_key=f"urgent-call-{appointment.pk}",
        )
    return appointment


def do_arrange_callback(
    urgent: UrgentRequest,
    clinician: User,
    *,
    number: str,
    at: datetime,
    request: HttpRequest | None = None,
) -> UrgentRequest:
    """No data link: the psychiatrist will ring the ship's satellite phone at ``at``."""
    number = (number or "").strip()
    if not number or len(number) > 40 or not any(ch.isdigit() for ch in number):
        raise UrgentInvalid(_("请填写可以拨通的回拨号码,例如船舶卫星电话。"))
    if at < timezone.now() - timedelta(minutes=5):
        raise UrgentInvalid(_("回拨时间不能早于现在。"))
    with transaction.atomic():
        locked = _locked(urgent)
        _require_owner(locked, clinician)
        locked.callback_number = number
        locked.callback_at = at
        locked.status = UrgentRequest.Status.CALLBACK_ARRANGED
        locked.save(update_fields=["callback_number", "callback_at", "status", "updated_at"])
        local = timezone.localtime(at, timezone.get_fixed_timezone(8 * 60))
        _event(
            locked, clinician, UrgentEvent.Kind.CALLBACK_ARRANGED, local.strftime("%Y-%m-%d %H:%M")
        )
        _audit(clinician, "urgent_consultation.callback", locked, request)
        do_send_notification(
            locked.seafarer,
            kind="consultation.urgent_callback",
            message=gettext_lazy("医生将于 %(time)s 回拨您的船舶电话 %(number)s,请留意接听。"),
            params={"time": at, "number": number},
            url=reverse("consultations:urgent_join", args=[locked.pk]),
            dedupe_key=f"urgent-callback-{locked.pk}-{int(at.timestamp())}",
        )
    return locked


def do_record_callback_result(
    urgent: UrgentRequest,
    clinician: User,
    *,
    reached: bool,
    request: HttpRequest | None = None,
) -> UrgentRequest:
    with transaction.atomic():
        locked = _locked(urgent)
        _require_owner(locked, clinician)
        detail = _("已接通") if reached else _("未接通")
        _event(locked, clinician, UrgentEvent.Kind.CALLBACK_RESULT, str(detail))
        _audit(clinician, "urgent_consultation.callback_result", locked, request)
    return locked


def do_close_urgent_request(
    urgent: UrgentRequest,
    actor: User,
    *,
    outcome: str,
    request: HttpRequest | None = None,
) -> UrgentRequest:
    """End the episode with an outcome. The psychiatrist who took it closes it; the person who
    opened it may withdraw it while nobody has taken it yet. The alert is resolved."""
    if outcome not in UrgentRequest.Outcome.values:
        raise UrgentInvalid(_("请选择结果。"))
    with transaction.atomic():
        locked = _locked(urgent)
        if locked.status == UrgentRequest.Status.CLOSED:
            return locked
        withdrawing = (
            outcome == UrgentRequest.Outcome.WITHDRAWN
            and locked.opened_by_id == actor.pk
            and locked.psychiatrist_id is None
        )
        if not withdrawing:
            _require_owner(locked, actor)
        now = timezone.now()
        locked.status = UrgentRequest.Status.CLOSED
        locked.outcome = outcome
        locked.closed_at = now
        locked.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
        if locked.alert is not None:
            # The alert ends with the episode's outcome; "unreachable" stays on the board.
            close_alerts(
                [locked.alert],
                outcome=ALERT_OUTCOMES[outcome],
                actor=actor,
                via=f"urgent:{locked.pk}",
                request=request,
            )
        _event(locked, actor, UrgentEvent.Kind.CLOSED, str(locked.get_outcome_display()))
        _audit(actor, "urgent_consultation.close", locked, request)
    return locked
