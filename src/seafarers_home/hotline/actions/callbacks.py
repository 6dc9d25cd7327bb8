"""Callbacks: the seafarer names a number (the ship's satellite phone, a mobile, or in-app) and
a window in their own time zone; at the window's start the callback enters the same queue as
live calls; the counsellor who takes it records each attempt; failed attempts are retried by
rule (``HOTLINE_CALLBACK_RETRY_MINUTES`` apart, at most ``HOTLINE_CALLBACK_MAX_ATTEMPTS``, never
after the window has closed)."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import MAINLAND_MOBILE_RE, User
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, find_replay, payload_digest
from seafarers_home.core.inputs import InputRefused, check_datetime, within_window

# Modules, not names: the tasks import these callbacks, and the queue the tasks.
from seafarers_home.hotline import tasks
from seafarers_home.hotline.actions import queue
from seafarers_home.hotline.models import CallbackAttempt, CallbackRequest, HotlineCall
from seafarers_home.notifications.actions import do_send_notification

MAX_WINDOW_HOURS = 72
MIN_WINDOW_MINUTES = 15


class CallbackInvalid(ValueError):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _mobile_number(number: str) -> bool:
    """A mobile the counsellor can ring: a mainland one (11 digits, +86 or 0086 allowed in
    front) or a foreign one in international form (+ or 00, then 8 to 15 digits: E.164).
    The number is NFKC-normalised already (full-width digits as plain ones)."""
    compact = re.sub(r"[\s()-]", "", number)
    compact = "+" + compact[2:] if compact.startswith("00") else compact
    if compact.startswith("+") and not compact.startswith("+86"):
        return re.fullmatch(r"\+[0-9]{8,15}", compact) is not None
    return re.match(MAINLAND_MOBILE_RE, compact.removeprefix("+86")) is not None


def _validate(target: str, number: str, start: datetime, end: datetime, now: datetime) -> None:
    errors: dict[str, str] = {}
    for name, moment in (("window_start", start), ("window_end", end)):
        try:
            check_datetime(moment)
        except InputRefused as error:
            errors[name] = error.message
    if errors:
        raise CallbackInvalid(errors)
    if target not in CallbackRequest.Target.values:
        errors["target"] = _("请选择回拨方式。")
    digits = [ch for ch in number if ch.isdigit()]
    if target != CallbackRequest.Target.IN_APP and not 5 <= len(digits) <= 20:
        errors["number"] = _("请填写可以拨通的号码,例如船舶卫星电话 +870 开头的号码。")
    elif target == CallbackRequest.Target.MOBILE and not _mobile_number(number):
        errors["number"] = _("请填写手机号码:11位中国大陆手机号,或以 + 和国家代码开头的境外号码。")
    if end <= start:
        errors["window_end"] = _("结束时间必须晚于开始时间。")
    elif end - start < timedelta(minutes=MIN_WINDOW_MINUTES):
        errors["window_end"] = _("方便接听的时间段至少要15分钟。")
    if end <= now:
        errors["window_end"] = _("这个时间段已经过去了。")
    if start > now + timedelta(hours=MAX_WINDOW_HOURS):
        errors["window_start"] = _("只能预约72小时以内的回拨。")
    if errors:
        raise CallbackInvalid(errors)


def do_request_callback(
    seafarer: User,
    *,
    target: str,
    number: str,
    window_start: datetime,
    window_end: datetime,
    anonymous: bool = False,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> CallbackRequest:
    """Ask to be called back (see ``do_request_callback_once``); returns the callback."""
    return do_request_callback_once(
        seafarer,
        target=target,
        number=number,
        window_start=window_start,
        window_end=window_end,
        anonymous=anonymous,
        idempotency_key=idempotency_key,
        request=request,
    )[0]


def do_request_callback_once(
    seafarer: User,
    *,
    target: str,
    number: str,
    window_start: datetime,
    window_end: datetime,
    anonymous: bool = False,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[CallbackRequest, bool]:
    """Ask to be called back: ``(callback, created)``. The window is aware (the form reads
    it in the seafarer's zone) and stored in UTC; the zone is kept to show it back to them.
    A resend with the same key returns the stored callback, or raises
    ``IdempotencyConflict`` when it asks for another number, window or anonymity."""
    now = timezone.now()
    # Full-width digits (a Chinese keyboard) stored as the plain ones a phone can dial.
    number = unicodedata.normalize("NFKC", number or "").strip()[:40]
    key = (idempotency_key or "")[:80]
    digest = payload_digest(
        {
            "target": target,
            "number": number,
            "window_start": window_start.isoformat(),
            "window_end": window_end.isoformat(),
            "anonymous": bool(anonymous),
        }
    )
    mine = CallbackRequest.objects.filter(seafarer=seafarer)
    replay = find_replay(mine, key, digest)
    if replay is not None:
        return replay, False
    _validate(target, number, window_start, window_end, now)
    start = max(window_start, now)

    def create() -> CallbackRequest:
        callback = CallbackRequest.objects.create(
            seafarer=seafarer,
            anonymous=anonymous,
            target=target,
            number=number,
            window_start=start,
            window_end=window_end,
            time_zone=seafarer.time_zone,
            next_attempt_at=start,
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        record_audit(
            seafarer,
            "hotline.callback_request",
            target=callback,
            purpose="hotline",
            request=request,
        )
        _schedule(callback)
        return callback

    return create_once(mine, key, digest, create)


def _schedule(callback: CallbackRequest) -> None:
    tasks.queue_callback.using(run_after=callback.next_attempt_at).enqueue(callback.pk)


def do_cancel_callback(
    callback: CallbackRequest, seafarer: User, *, request: HttpRequest | None = None
) -> CallbackRequest:
    with transaction.atomic():
        locked = CallbackRequest.objects.select_for_update().get(pk=callback.pk)
        if locked.seafarer_id != seafarer.pk or locked.status not in (
            CallbackRequest.Status.SCHEDULED,
            CallbackRequest.Status.QUEUED,
        ):
            return locked
        locked.status = CallbackRequest.Status.CANCELLED
        locked.next_attempt_at = None
        locked.save(update_fields=["status", "next_attempt_at", "updated_at"])
        HotlineCall.objects.filter(
            callback=locked, status__in=(HotlineCall.Status.WAITING, HotlineCall.Status.OFFERED)
        ).update(status=HotlineCall.Status.ABANDONED, ended_at=timezone.now(), offered_to=None)
        record_audit(
            seafarer, "hotline.callback_cancel", target=locked, purpose="hotline", request=request
        )
    return locked


def queue_due_callbacks(now: datetime | None = None, callback_id: int | None = None) -> int:
    """Put every callback whose attempt time has come into the queue, once: the status moves
    from SCHEDULED to QUEUED in the same locked transaction that creates the queued call."""
    now = now or timezone.now()
    queued = 0
    with transaction.atomic():
        due = CallbackRequest.objects.select_for_update().filter(
            status=CallbackRequest.Status.SCHEDULED, next_attempt_at__lte=now
        )
        # A window stored before input was bounded (year 10000) cannot be read: skip it
        # rather than stop every other callback.
        due = within_window(due, "window_end")
        if callback_id is not None:
            due = due.filter(pk=callback_id)
        for callback in due:
            if now > callback.window_end:
                _fail(callback, now)
                continue
            HotlineCall.objects.create(
                seafarer=callback.seafarer,
                anonymous=callback.anonymous,
                channel=HotlineCall.Channel.CALLBACK,
                callback=callback,
                queued_at=callback.next_attempt_at or now,
            )
            callback.status = CallbackRequest.Status.QUEUED
            callback.save(update_fields=["status", "updated_at"])
            queued += 1
    if queued:
        transaction.on_commit(queue.dispatch_calls, robust=True)
    return queued


def _fail(callback: CallbackRequest, now: datetime) -> None:
    callback.status = CallbackRequest.Status.FAILED
    callback.next_attempt_at = None
    callback.save(update_fields=["status", "next_attempt_at", "updated_at"])
    do_send_notification(
        callback.seafarer,
        kind="hotline.callback_failed",
        message=gettext_lazy("热线咨询员多次回拨未能接通。需要时请再次预约回拨或拨打热线。"),
        url=reverse("hotline:call"),
        dedupe_key=f"callback-failed-{callback.pk}",
    )


def do_record_callback_attempt(
    call: HotlineCall, counsellor: User, *, outcome: str, request: HttpRequest | None = None
) -> CallbackAttempt:
    """Record one attempt of a queued callback the counsellor took. Reached: done. Otherwise
    retried by rule, or failed when the rule is used up or the window has closed."""
    if outcome not in CallbackAttempt.Outcome.values:
        raise CallbackInvalid({"outcome": _("请选择回拨结果。")})

    now = timezone.now()
    with transaction.atomic():
        locked_call = HotlineCall.objects.select_for_update().get(pk=call.pk)
        if locked_call.counsellor_id != counsellor.pk or locked_call.callback_id is None:
            raise CallbackInvalid({"outcome": _("这不是您正在处理的回拨。")})
        callback = CallbackRequest.objects.select_for_update().get(pk=locked_call.callback_id)
        attempt = CallbackAttempt.objects.create(
            callback=callback, counsellor=counsellor, outcome=outcome
        )
        callback.attempts += 1
        reached = outcome == CallbackAttempt.Outcome.REACHED
        if locked_call.status == HotlineCall.Status.CONNECTED:
            queue._finish(locked_call, HotlineCall.Status.COMPLETED, now)
        retry_at = now + timedelta(minutes=settings.HOTLINE_CALLBACK_RETRY_MINUTES)
        if reached:
            callback.status = CallbackRequest.Status.DONE
            callback.next_attempt_at = None
        elif (
            outcome == CallbackAttempt.Outcome.WRONG_NUMBER
            or callback.attempts >= settings.HOTLINE_CALLBACK_MAX_ATTEMPTS
            or retry_at > callback.window_end
        ):
            _fail(callback, now)
        else:
            callback.status = CallbackRequest.Status.SCHEDULED
            callback.next_attempt_at = retry_at
            _schedule(callback)
        callback.save(update_fields=["status", "next_attempt_at", "attempts", "updated_at"])
        record_audit(
            counsellor,
            "hotline.callback_attempt",
            target=callback,
            purpose="hotline",
            request=request,
            detail={"outcome": outcome, "attempt": callback.attempts},
        )
    return attempt


def tell_callback_offered(call: HotlineCall) -> None:
    """Within the caller's transaction: the app and an SMS suggest a callback."""
    if call.seafarer_id is None or call.channel != HotlineCall.Channel.IN_APP:
        return
    do_send_notification(
        call.seafarer,
        kind="hotline.callback_offered",
        message=gettext_lazy(
            "热线咨询员暂时无法接听。您可以预约回拨,咨询员会在您方便的时间联系您。"
        ),
        url=reverse("hotline:call"),
        dedupe_key=f"callback-offered-{call.pk}",
    )
