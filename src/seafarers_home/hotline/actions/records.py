"""Call records' writes: the structured log of every call, the crisis protocol, and calls that
arrive on the hospital's ordinary phone line (by hand, or by the phone system's signed
webhook). The vocabulary, validation and webhook signature are in ``hotline/records.py``."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.outcomes import UNRESOLVED, close_alerts
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.services import record_audit
from seafarers_home.core.inputs import InputRefused, has_nul, parse_aware_datetime
from seafarers_home.core.signed_webhooks import spend_nonce
from seafarers_home.hotline.models import CallRecord, HotlineCall, HotlineFollowUp
from seafarers_home.hotline.records import (
    CRISIS_FOLLOW_UP_HOURS,
    CRISIS_STEPS,
    MASTER_BASES,
    NONCE_SCOPE,
    RecordInput,
    RecordInvalid,
    WebhookRefused,
    _caller_hash,
    _validate,
    started_at_error,
)


def ensure_record_for_call(call: HotlineCall) -> CallRecord:
    """The record skeleton of an ended in-app or callback call (time, duration, channel),
    for the counsellor to complete. Called once per call; a second call returns it."""
    duration = 0
    if call.answered_at and call.ended_at:
        duration = int((call.ended_at - call.answered_at).total_seconds())
    record, created = CallRecord.objects.get_or_create(
        call=call,
        defaults={
            "seafarer_id": call.seafarer_id,
            "counsellor_id": call.counsellor_id,
            "source": CallRecord.Source.APP,
            "channel": call.channel,
            "started_at": call.answered_at or call.queued_at,
            "duration_seconds": max(duration, 0),
        },
    )
    if not created and call.ended_at and record.duration_seconds != max(duration, 0):
        # Made when the call was answered; the call has ended since: its length is known now.
        record.duration_seconds = max(duration, 0)
        record.save(update_fields=["duration_seconds", "updated_at"])
    return record


def do_complete_call_record(
    record: CallRecord, counsellor: User, data: RecordInput, *, request: HttpRequest | None = None
) -> CallRecord:
    _validate(data)
    with transaction.atomic():
        locked = CallRecord.objects.select_for_update().get(pk=record.pk)
        locked.reason_categories = sorted(set(data.reason_categories))
        locked.risk = {key: bool(value) for key, value in data.risk.items() if value}
        locked.actions = sorted(set(data.actions))
        locked.follow_up = data.follow_up
        locked.note = data.note.strip()
        locked.counsellor = locked.counsellor or counsellor
        locked.completed_at = timezone.now()
        locked.save()
        _close_help_now_alerts(locked, counsellor, request)
        if data.follow_up != "none":
            HotlineFollowUp.objects.get_or_create(
                record=locked,
                done_at=None,
                defaults={"assigned_to": counsellor, "due_at": timezone.now() + timedelta(days=2)},
            )
        record_audit(
            counsellor, "hotline.record", target=locked, purpose="hotline", request=request
        )
    return locked


def _close_help_now_alerts(
    record: CallRecord, counsellor: User, request: HttpRequest | None
) -> None:
    """A completed record of the callback a seafarer asked for with "I need help now": they
    were reached, so the help-now alert ends as contacted by callback."""
    callback_id = record.call.callback_id if record.call_id and record.call else None
    if callback_id is None:
        return
    alerts = CrisisAlert.objects.filter(
        help_requests__callback_id=callback_id, status__in=UNRESOLVED
    ).distinct()
    close_alerts(
        list(alerts),
        outcome=CrisisAlert.Outcome.CALLBACK,
        actor=counsellor,
        via=f"hotline:{record.pk}",
        request=request,
    )


def do_log_phone_call(
    counsellor: User,
    *,
    started_at: datetime,
    duration_seconds: int,
    seafarer: User | None = None,
    data: RecordInput,
    request: HttpRequest | None = None,
) -> CallRecord:
    """A call that came in on the hospital's ordinary phone line, logged by hand."""
    _validate(data)
    if duration_seconds < 0 or duration_seconds > 24 * 3600:
        raise RecordInvalid({"duration_seconds": _("请填写有效的通话时长。")})
    if (late := started_at_error(started_at)) is not None:
        raise RecordInvalid({"started_at": late})
    with transaction.atomic():
        record = CallRecord.objects.create(
            seafarer=seafarer,
            counsellor=counsellor,
            source=CallRecord.Source.MANUAL,
            channel=HotlineCall.Channel.PHONE_LINE,
            started_at=started_at,
            duration_seconds=duration_seconds,
        )
        return do_complete_call_record(record, counsellor, data, request=request)


def do_mark_crisis(
    record: CallRecord,
    counsellor: User,
    *,
    steps: list[str],
    master_basis: str,
    request: HttpRequest | None = None,
) -> CallRecord:
    """The counsellor marks the call a crisis: a persistent alert pages the on-call psychiatrist
    (tier 2, acknowledged or escalated like every alert), the checklist is kept with the record,
    and a follow-up within 24 hours is created. Marking again updates the checklist only."""
    if set(steps) - set(CRISIS_STEPS):
        raise RecordInvalid({"steps": _("危机处置清单中有无效的项目。")})
    if master_basis not in MASTER_BASES:
        raise RecordInvalid({"master_basis": _("请说明是否以及依据什么联系了船长。")})
    if "master" in steps and master_basis == "not_contacted":
        raise RecordInvalid({"master_basis": _("已联系船长时,请说明依据:本人同意或生命危险。")})
    now = timezone.now()
    with transaction.atomic():
        locked = CallRecord.objects.select_for_update().get(pk=record.pk)
        first_time = not locked.is_crisis
        locked.is_crisis = True
        locked.crisis_checklist = {
            "steps": sorted(set(steps)),
            "master_basis": master_basis,
            "at": now.isoformat(),
        }
        if first_time and locked.seafarer_id is not None:
            locked.alert = do_raise_crisis_alert(
                locked.seafarer,
                source=CrisisAlert.Source.HOTLINE,
                source_id=str(locked.pk),
                reason="counsellor_flag",
                request=request,
                tier=2,
            )
        locked.save()
        if first_time and locked.alert is not None:
            # The hotline's alert now carries this crisis (it pages the on-call psychiatrist):
            # the seafarer's other open alerts end here instead of paging people in parallel.
            others = CrisisAlert.objects.filter(
                seafarer_id=locked.seafarer_id, status__in=UNRESOLVED
            ).exclude(pk=locked.alert.pk)
            close_alerts(
                list(others),
                outcome=CrisisAlert.Outcome.HOTLINE,
                actor=counsellor,
                via=f"hotline:{locked.pk}",
                request=request,
            )
        if first_time:
            HotlineFollowUp.objects.create(
                record=locked,
                assigned_to=counsellor,
                due_at=now + timedelta(hours=CRISIS_FOLLOW_UP_HOURS),
            )
        record_audit(
            counsellor,
            "hotline.crisis",
            target=locked,
            purpose="crisis",
            request=request,
            detail={"steps": sorted(set(steps)), "master_basis": master_basis},
        )
    return locked


def do_ingest_call_detail_record(
    payload: dict[str, Any], *, timestamp: str, nonce: str
) -> tuple[CallRecord, bool]:
    """Store one CDR from the phone system. The nonce is spent in the same transaction (a
    replay of the same delivery is refused); a second delivery of the same call id (a retry
    with a fresh nonce) returns the stored record. Returns (record, created)."""
    call_id = str(payload.get("call_id", "")).strip()
    started = payload.get("started_at")
    duration = payload.get("duration_seconds")
    if (
        not call_id
        or len(call_id) > 80
        or not isinstance(duration, int)
        or not 0 <= duration <= 86400
    ):
        raise WebhookRefused("malformed record")
    if has_nul(call_id):
        raise WebhookRefused("malformed call_id")
    try:
        # Bounded: a year-10000 time is stored by PostgreSQL and then unreadable by Python.
        started_at = parse_aware_datetime(started)
    except InputRefused as error:
        raise WebhookRefused(f"started_at: {error.code}") from error
    now = timezone.now()
    with transaction.atomic():
        spend_nonce(NONCE_SCOPE, nonce, now)  # raises WebhookRefused("replayed nonce")
        existing = CallRecord.objects.filter(external_id=call_id).first()
        if existing is not None:
            return existing, False
        record = CallRecord.objects.create(
            source=CallRecord.Source.WEBHOOK,
            channel=HotlineCall.Channel.PHONE_LINE,
            started_at=started_at,
            duration_seconds=duration,
            external_id=call_id,
            caller_number_hash=_caller_hash(str(payload.get("caller", "")))
            if payload.get("caller")
            else "",
        )
        record_audit(
            None,
            "hotline.webhook_record",
            target=record,
            purpose="hotline",
            detail={"call_id": call_id},
        )
    return record, True
