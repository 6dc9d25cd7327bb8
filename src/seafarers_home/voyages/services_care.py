"""Writes of the safe-home plan and the 14-day follow-up (issue 7, item 5).

- Share links: a seafarer gives their family a link to the family page. The token is 256 random
  bits (``secrets.token_urlsafe(32)``: 43 characters); the page shows general content only
  (no name, no health data), answers 404 once revoked, and counts views.
- Opening the safe-home page completes the seafarer's open safe-home tasks.
- A counsellor records the outcome of the follow-up contact (note encrypted at rest); "needs
  more help" may refer the seafarer to the green channel in the same transaction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from seafarers_home.voyages.green_referrals import ReferralInvalid, do_refer_to_green_channel
from seafarers_home.voyages.models import CarePlanStep, CareTask, SafeHomeShare

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


class NotOverdue(ValueError):
    """Only a task past its due time can be set aside; one still due stays on the list."""


def open_safe_home_tasks(seafarer: User) -> QuerySet[CareTask]:
    """The seafarer's open care tasks that reading the safe-home plan completes."""
    return CareTask.objects.filter(
        seafarer=seafarer,
        status=CareTask.Status.OPEN,
        step__kind=CarePlanStep.Kind.SAFE_HOME,
    )


def has_open_safe_home_task(seafarer: User) -> bool:
    """Whether the plan page offers "I have read it" (the care task it completes is open)."""
    return open_safe_home_tasks(seafarer).exists()


def family_share(token: str) -> SafeHomeShare | None:
    """The live share with this token, its view counted; None when unknown or revoked."""
    if not token or len(token) > 64:
        return None
    share = SafeHomeShare.objects.filter(token=token, revoked_at__isnull=True).first()
    if share is None:
        return None
    SafeHomeShare.objects.filter(pk=share.pk).update(views=F("views") + 1)
    return share


class FollowUpInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
