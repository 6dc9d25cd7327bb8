"""How a crisis alert ends: what was done for the person (DOMAIN rule 2, issue 16 item 3).

Acknowledging stops escalation (``raising.do_acknowledge_alert``); then the clinician records
what was done. Every outcome but "not reachable" resolves the alert; "not reachable" keeps it
on the board with the time of the next attempt and reminds the clinician then.

Services that handle the cause close the alert themselves, in their own transaction, so a
handled crisis stops paging people: answering the red-flagged question
(``inquiries.services_answer``), closing the urgent consultation
(``consultations.actions.urgent``), and a hotline crisis record (``hotline.actions.records``: the
hotline's own alert takes over from the seafarer's other open alerts, and a completed record
of a help-now callback closes that alert).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.alerts import tasks
from seafarers_home.alerts.models import AlertAction, CrisisAlert
from seafarers_home.alerts.services import _send_live, on_duty
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, find_replay, payload_digest
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.permissions.roles import require_clinician

Outcome = CrisisAlert.Outcome
UNRESOLVED = (CrisisAlert.Status.OPEN, CrisisAlert.Status.ACKNOWLEDGED)
# What a clinician may record on the alert page (the rest come from services).
CLINICIAN_OUTCOMES = (
    Outcome.PHONE,
    Outcome.CALLBACK,
    Outcome.CONSULTATION,
    Outcome.NOT_REACHABLE,
    Outcome.HOTLINE,
    Outcome.EMERGENCY,
    Outcome.REFERRED,
)
MAX_NOTE_LENGTH = 2000
MAX_RETRY_AHEAD = timedelta(hours=72)
# A retry a little in the past (the form was filled in slowly) is still accepted.
RETRY_GRACE = timedelta(minutes=5)


class OutcomeInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _validate(outcome: str, note: str, next_attempt_at: datetime | None, now: datetime) -> None:
    errors: dict[str, str] = {}
    if outcome not in CLINICIAN_OUTCOMES:
        errors["outcome"] = _("请选择处理结果。")
    if len(note) > MAX_NOTE_LENGTH:
        errors["note"] = _("记录太长,请控制在2000字以内。")
    if outcome == Outcome.NOT_REACHABLE:
        if next_attempt_at is None:
            errors["next_attempt_at"] = _("未能联系上时,请填写下次尝试的时间。")
        elif next_attempt_at < now - RETRY_GRACE:
            errors["next_attempt_at"] = _("下次尝试的时间不能早于现在。")
        elif next_attempt_at > now + MAX_RETRY_AHEAD:
            errors["next_attempt_at"] = _("下次尝试应在72小时以内。")
    if errors:
        raise OutcomeInvalid(errors)


def _take(locked: CrisisAlert, clinician: User, now: datetime, request: HttpRequest | None) -> None:
    """Recording what was done means someone has the alert: acknowledge it if still open."""
    if locked.status != CrisisAlert.Status.OPEN:
        return
    locked.status = CrisisAlert.Status.ACKNOWLEDGED
    locked.acknowledged_by = clinician
    locked.acknowledged_at = now
    locked.escalate_at = None
    record_audit(clinician, "alert.acknowledge", target=locked, purpose="crisis", request=request)


def _resolve(locked: CrisisAlert, actor: User | None, outcome: str, now: datetime) -> None:
    locked.status = CrisisAlert.Status.RESOLVED
    locked.outcome = outcome
    locked.resolved_at = now
    locked.resolved_by = actor
    locked.escalate_at = None
    locked.next_attempt_at = None


def _schedule_retry_reminder(alert: CrisisAlert) -> None:
    tasks.remind_next_attempt.using(run_after=alert.next_attempt_at).enqueue(alert.pk)


def do_record_alert_outcome(
    alert: CrisisAlert,
    clinician: User,
    *,
    outcome: str,
    note: str = "",
    next_attempt_at: datetime | None = None,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> CrisisAlert:
    """Record what was done. Resolves the alert unless the person was not reachable. A resent
    form (same key) and a resolved alert change nothing."""
    require_clinician(clinician)
    note = (note or "").strip()
    now = timezone.now()
    _validate(outcome, note, next_attempt_at, now)
    key = (idempotency_key or "")[:80]
    digest = _outcome_digest(outcome, note, next_attempt_at)
    with transaction.atomic():
        locked = CrisisAlert.objects.select_for_update().get(pk=alert.pk)

        def create() -> AlertAction:
            _take(locked, clinician, now, request)
            action_row = AlertAction.objects.create(
                alert=locked,
                actor=clinician,
                outcome=outcome,
                note=note,
                next_attempt_at=next_attempt_at if outcome == Outcome.NOT_REACHABLE else None,
                idempotency_key=key,
            )
            if outcome == Outcome.NOT_REACHABLE:
                locked.next_attempt_at = next_attempt_at
                _schedule_retry_reminder(locked)
                action = "alert.attempt"
            else:
                _resolve(locked, clinician, outcome, now)
                action = "alert.resolve"
            locked.save()
            record_audit(
                clinician,
                action,
                target=locked,
                purpose="crisis",
                request=request,
                detail={"outcome": outcome},
            )
            transaction.on_commit(lambda: _send_live(locked, [], locked.status), robust=True)
            return action_row

        # Under the alert's row lock. A resent form answers the alert as it is now; another
        # form under the same key is IdempotencyConflict, even once the alert is resolved
        # (a resolved alert takes no new outcome).
        if locked.status == CrisisAlert.Status.RESOLVED:
            find_replay(locked.actions.all(), key, digest, digest_of=_action_digest)
            return locked
        create_once(locked.actions.all(), key, digest, create, digest_of=_action_digest)
    return locked


def _outcome_digest(outcome: str, note: str, next_attempt_at: datetime | None) -> str:
    attempt = next_attempt_at if outcome == Outcome.NOT_REACHABLE else None
    # As an instant: the form gives the person's zone, the database UTC.
    instant = attempt.timestamp() if attempt is not None else None
    return payload_digest({"outcome": outcome, "note": note, "next": instant})


def _action_digest(action: AlertAction) -> str:
    """Outcome records store no digest: a resent form is the same when its fields are."""
    return _outcome_digest(action.outcome, action.note, action.next_attempt_at)


def close_alerts(
    alerts: Iterable[CrisisAlert],
    *,
    outcome: str,
    actor: User | None,
    via: str,
    request: HttpRequest | None = None,
) -> int:
    """Close alerts because a service handled their cause (call inside that service's
    transaction). "Not reachable" is recorded but leaves the alert on the board. Returns how
    many alerts were resolved."""
    now = timezone.now()
    resolved = 0
    with transaction.atomic():
        for alert in alerts:
            locked = CrisisAlert.objects.select_for_update().get(pk=alert.pk)
            if locked.status == CrisisAlert.Status.RESOLVED:
                continue
            AlertAction.objects.create(alert=locked, actor=actor, outcome=outcome, via=via[:80])
            if outcome == Outcome.NOT_REACHABLE:
                # Someone tried: stop paging, keep it visible until a clinician ends it.
                locked.escalate_at = None
                if locked.status == CrisisAlert.Status.OPEN and actor is not None:
                    locked.status = CrisisAlert.Status.ACKNOWLEDGED
                    locked.acknowledged_by, locked.acknowledged_at = actor, now
                locked.save()
                continue
            _resolve(locked, actor, outcome, now)
            locked.save()
            record_audit(
                actor,
                "alert.resolve",
                target=locked,
                purpose="crisis",
                request=request,
                detail={"outcome": outcome, "via": via},
            )
            transaction.on_commit(lambda a=locked: _send_live(a, [], "resolved"), robust=True)
            resolved += 1
    return resolved


def close_alerts_for_cause(
    source: str,
    source_id: str | int,
    *,
    outcome: str,
    actor: User | None,
    request: HttpRequest | None = None,
) -> int:
    """Close the unresolved alerts raised by one cause (e.g. source "inquiry", the question)."""
    alerts = CrisisAlert.objects.filter(
        source=source, source_id=str(source_id), status__in=UNRESOLVED
    ).order_by("pk")
    return close_alerts(
        list(alerts), outcome=outcome, actor=actor, via=f"{source}:{source_id}", request=request
    )


def remind_of_next_attempt(alert_id: int) -> bool:
    """At the next attempt time of an unreachable person: remind whoever acknowledged the
    alert (every duty clinician if nobody did). Once per attempt time; no health details."""
    alert = (
        CrisisAlert.objects.filter(pk=alert_id, status__in=UNRESOLVED)
        .select_related("acknowledged_by")
        .first()
    )
    if alert is None or alert.next_attempt_at is None or alert.next_attempt_at > timezone.now():
        return False

    people = [alert.acknowledged_by] if alert.acknowledged_by else on_duty(1)
    with transaction.atomic():
        for person in people:
            do_send_notification(
                person,
                kind="alert.next_attempt",
                message=gettext_lazy("一条危机警报到了再次尝试联系的时间,请立即处理。"),
                url=reverse("alerts:detail", args=[alert.pk]),
                dedupe_key=f"alert-attempt-{alert.pk}-{int(alert.next_attempt_at.timestamp())}",
            )
    return True
