"""Writes of the safe-home plan and the 14-day follow-up (issue 7, item 5).

- Share links: a seafarer gives their family a link to the family page. The token is 256 random
  bits (``secrets.token_urlsafe(32)``: 43 characters); the page shows general content only
  (no name, no health data), answers 404 once revoked, and counts views.
- Opening the safe-home page completes the seafarer's open safe-home tasks.
- A counsellor records the outcome of the follow-up contact (note encrypted at rest); "needs
  more help" may refer the seafarer to the green channel in the same transaction.
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.audit.services import record_audit
from seafarers_home.voyages.green_referrals import ReferralInvalid, do_refer_to_green_channel
from seafarers_home.voyages.models import CarePlanStep, CareTask, FollowUpOutcome, SafeHomeShare

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

MAX_ACTIVE_SHARES = 5
PURPOSE = "voyage care: safe-home plan"


class SafeHomeError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def active_shares(seafarer: User) -> list[SafeHomeShare]:
    return list(
        SafeHomeShare.objects.filter(seafarer=seafarer, revoked_at__isnull=True).order_by(
            "-created_at", "-pk"
        )
    )


def do_create_safe_home_share(
    seafarer: User, *, request: HttpRequest | None = None
) -> SafeHomeShare:
    with transaction.atomic():
        count = SafeHomeShare.objects.filter(seafarer=seafarer, revoked_at__isnull=True).count()
        if count >= MAX_ACTIVE_SHARES:
            raise SafeHomeError(
                _("最多同时保留 %(n)d 个家属链接,请先收回一个不用的链接。")
                % {"n": MAX_ACTIVE_SHARES}
            )
        share = SafeHomeShare.objects.create(seafarer=seafarer, token=secrets.token_urlsafe(32))
        record_audit(
            seafarer, "voyages.safe_home.share", target=share, purpose=PURPOSE, request=request
        )
    return share


def do_revoke_safe_home_share(
    share: SafeHomeShare, by: User, *, request: HttpRequest | None = None
) -> SafeHomeShare:
    """Revoke a share link (idempotent)."""
    with transaction.atomic():
        updated = SafeHomeShare.objects.filter(pk=share.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), updated_at=timezone.now()
        )
        if updated:
            record_audit(
                by, "voyages.safe_home.revoke", target=share, purpose=PURPOSE, request=request
            )
    share.refresh_from_db()
    return share


class NotOverdue(ValueError):
    """Only a task past its due time can be set aside; one still due stays on the list."""


def do_dismiss_care_task(
    seafarer: User, task: CareTask, *, request: HttpRequest | None = None
) -> CareTask:
    """The seafarer sets an overdue task aside: it leaves the list and sends no more
    reminders (cancelled, audited). The next step of the pathway is not affected."""
    with transaction.atomic():
        locked = CareTask.objects.select_for_update().get(pk=task.pk)
        if locked.status != CareTask.Status.OPEN:
            return locked
        if locked.due_at >= timezone.now():
            raise NotOverdue(_("这个任务还没有过期,完成它或等到过期后再移除。"))
        locked.status = CareTask.Status.CANCELLED
        locked.save(update_fields=["status", "updated_at"])
        record_audit(
            seafarer,
            "voyages.care_task.dismiss",
            target=locked,
            purpose="voyage care",
            request=request,
            detail={"step": locked.step_id},
        )
    return locked


def family_share(token: str) -> SafeHomeShare | None:
    """The live share with this token, its view counted; None when unknown or revoked."""
    if not token or len(token) > 64:
        return None
    share = SafeHomeShare.objects.filter(token=token, revoked_at__isnull=True).first()
    if share is None:
        return None
    SafeHomeShare.objects.filter(pk=share.pk).update(views=F("views") + 1)
    return share


def do_mark_safe_home_viewed(seafarer: User, *, request: HttpRequest | None = None) -> int:
    """The seafarer opened the safe-home plan: their open safe-home tasks are done."""
    now = timezone.now()
    with transaction.atomic():
        tasks = list(
            CareTask.objects.select_for_update().filter(
                seafarer=seafarer,
                status=CareTask.Status.OPEN,
                step__kind=CarePlanStep.Kind.SAFE_HOME,
            )
        )
        for task in tasks:
            task.status = CareTask.Status.DONE
            task.completed_at = now
            task.save(update_fields=["status", "completed_at", "updated_at"])
            record_audit(
                seafarer,
                "voyages.care_task.complete",
                target=task,
                purpose=PURPOSE,
                request=request,
            )
    return len(tasks)


class FollowUpInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def do_record_follow_up_outcome(
    task: CareTask,
    counsellor: User,
    *,
    result: str,
    note: str = "",
    contacted_at: datetime.datetime | None = None,
    refer: bool = False,
    request: HttpRequest | None = None,
) -> FollowUpOutcome:
    """Record the follow-up contact's outcome and complete the task. One outcome per task: a
    second submission (a retried form) raises ``FollowUpInvalid`` and writes nothing."""
    if result not in FollowUpOutcome.Result.values:
        raise FollowUpInvalid(_("请选择随访结果。"))
    if refer and result != FollowUpOutcome.Result.REACHED_NEEDS_HELP:
        raise FollowUpInvalid(_("只有“需要进一步帮助”时才能转介绿色通道。"))
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = CareTask.objects.select_for_update().get(pk=task.pk)
            if FollowUpOutcome.objects.filter(task=locked).exists():
                raise FollowUpInvalid(_("这次随访的结果已经记录过了。"))
            outcome = FollowUpOutcome.objects.create(
                task=locked,
                counsellor=counsellor,
                contacted_at=contacted_at or now,
                result=result,
                note=note,
            )
            locked.status = CareTask.Status.DONE
            locked.completed_at = now
            if locked.assigned_to_id is None:
                locked.assigned_to = counsellor
            locked.save(update_fields=["status", "completed_at", "assigned_to", "updated_at"])
            record_audit(
                counsellor,
                "voyages.follow_up.record",
                target=outcome,
                purpose="voyage care: 14-day follow-up",
                request=request,
                detail={"task": locked.pk},
            )
            if refer:
                _refer(locked, counsellor, request)
    except IntegrityError as exc:  # a concurrent submission won the race
        raise FollowUpInvalid(_("这次随访的结果已经记录过了。")) from exc
    return outcome


def _refer(task: CareTask, counsellor: User, request: HttpRequest | None) -> None:
    try:
        do_refer_to_green_channel(
            task.seafarer,
            source="clinician",
            voyage=task.voyage,
            referred_by=counsellor,
            reason=_("归港14天随访:需要进一步帮助"),
            request=request,
        )
    except ReferralInvalid as refused:  # rolls the outcome back too: nothing half-done
        raise FollowUpInvalid(refused.message) from refused
