"""心理热线 as personal data (PIPL arts. 45 and 47). Registered from HotlineConfig.ready().

Exported: the person's calls (queue time, channel, how it went), callback requests with the
number given and each attempt, and of each call record the parts the person is given: when,
how long, the reasons for calling, what was done and the follow-up agreed. The counsellor's
note, risk assessment and crisis checklist are the service's working record and are not
copied. Records the phone system sent for calls from the account's mobile number (matched by
the keyed hash the hotline stores instead of the number) count as the person's too.

Erasure: callback requests are deleted with the number and the attempts; a call still waiting
in the queue ends as abandoned. Calls and call
records are kept 3 years for supervision and the hotline's statistics, but de-identified: no
link to the account, no caller-number hash, no phone-system call id, no note, no link to the
crisis alert; follow-ups not yet done are dropped (nobody can reach the person any more).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.hotline.models import (
    CallbackRequest,
    CallOffer,
    CallRecord,
    HotlineCall,
    HotlineFollowUp,
)
from seafarers_home.hotline.records import _caller_hash

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _records(user: User) -> QuerySet[CallRecord]:
    mine = Q(seafarer=user)
    if user.phone:
        mine |= Q(caller_number_hash=_caller_hash(user.phone))
    return CallRecord.objects.filter(mine)


def export_hotline(user: User) -> dict[str, list[dict[str, Any]]]:
    calls = HotlineCall.objects.filter(seafarer=user).order_by("queued_at", "pk")
    callbacks = CallbackRequest.objects.filter(seafarer=user).prefetch_related("attempt_rows")
    return {
        "calls": [
            {
                "queued_at": _iso(call.queued_at),
                "channel": call.channel,
                "anonymous": call.anonymous,
                "status": call.status,
                "answered_at": _iso(call.answered_at),
                "ended_at": _iso(call.ended_at),
            }
            for call in calls
        ],
        "callbacks": [
            {
                "requested_at": _iso(callback.created_at),
                "target": callback.target,
                "number": callback.number,
                "window_start": _iso(callback.window_start),
                "window_end": _iso(callback.window_end),
                "time_zone": callback.time_zone,
                "status": callback.status,
                "attempts": [
                    {"at": _iso(attempt.created_at), "outcome": attempt.outcome}
                    for attempt in callback.attempt_rows.order_by("created_at", "pk")
                ],
            }
            for callback in callbacks.order_by("created_at", "pk")
        ],
        "call_records": [
            {
                "started_at": _iso(record.started_at),
                "duration_seconds": record.duration_seconds,
                "channel": record.channel,
                "reasons": list(record.reason_categories),
                "actions": list(record.actions),
                "follow_up": record.follow_up,
                "crisis": record.is_crisis,
            }
            for record in _records(user).order_by("started_at", "pk")
        ],
    }


def erase_hotline(user: User) -> None:
    # A call still waiting (a queued callback among them) would be offered to a counsellor
    # with nobody to reach: it ends as abandoned, and a pending offer is withdrawn.
    now = timezone.now()
    waiting = HotlineCall.objects.filter(
        seafarer=user, status__in=[HotlineCall.Status.WAITING, HotlineCall.Status.OFFERED]
    )
    CallOffer.objects.filter(call__in=waiting, outcome=CallOffer.Outcome.PENDING).update(
        outcome=CallOffer.Outcome.WITHDRAWN, decided_at=now
    )
    waiting.update(status=HotlineCall.Status.ABANDONED, ended_at=now, offer_expires_at=None)
    CallbackRequest.objects.filter(seafarer=user).delete()  # attempts go with them
    HotlineCall.objects.filter(seafarer=user).update(
        seafarer=None, anonymous=True, idempotency_key=""
    )
    ids = list(_records(user).values_list("pk", flat=True))
    HotlineFollowUp.objects.filter(record_id__in=ids, done_at__isnull=True).delete()
    CallRecord.objects.filter(pk__in=ids).update(
        seafarer=None, caller_number_hash="", external_id=None, note="", alert=None
    )
    # The crisis alert stays with the (anonymised) account; it must not lead back here.
    CrisisAlert.objects.filter(
        source=CrisisAlert.Source.HOTLINE, source_id__in=[str(pk) for pk in ids]
    ).update(source_id="")


def hotline_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in _records(user).values_list("pk", flat=True):
        yield ("hotline.callrecord", str(pk))
    for pk in CallbackRequest.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("hotline.callbackrequest", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "hotline",
        gettext_lazy("心理热线来电与回拨"),
        export=export_hotline,
        erase=erase_hotline,
        audit_targets=hotline_targets,
        help_text=gettext_lazy(
            "您的热线来电、回拨预约(含回拨号码)和来电记录中给您本人的部分:时间、时长、来电原因、"
            "采取的措施和后续跟进。删除时,回拨预约连同号码一起删除;来电和来电记录去除与您的关联、"
            "号码痕迹和文字记录后,作为不含身份的统计和督导记录保存 3 年。"
        ),
        # Offers and attempts are the counsellors' side of a call or callback.
        models=(
            "hotline.HotlineCall",
            "hotline.CallOffer",
            "hotline.CallbackRequest",
            "hotline.CallbackAttempt",
            "hotline.CallRecord",
            "hotline.HotlineFollowUp",
        ),
    )
