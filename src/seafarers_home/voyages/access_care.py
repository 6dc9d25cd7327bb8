"""Access helpers of the care pages: a seafarer's own share links, counsellors' follow-ups.
Anybody else gets 404 (nobody learns what exists)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_counsellor, is_seafarer
from seafarers_home.voyages.models import CarePlanStep, CareTask, SafeHomeShare

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_share_for_user(user: User, pk: int) -> SafeHomeShare:
    """One of the seafarer's own share links, else 404."""
    require(is_seafarer, user)
    share = SafeHomeShare.objects.filter(pk=pk, seafarer=user).first()
    if share is None:
        raise Http404
    return share


def get_own_overdue_task(user: User, pk: int) -> CareTask:
    """One of the signed-in seafarer's own open care tasks that is past due and theirs to do
    (a counsellor's follow-up call is not), else 404."""
    require(is_seafarer, user)
    task = (
        CareTask.objects.filter(pk=pk, seafarer=user, status=CareTask.Status.OPEN)
        .exclude(step__kind=CarePlanStep.Kind.FOLLOW_UP_CONTACT)
        .first()
    )
    if task is None:
        raise Http404
    return task


def follow_up_tasks_for_user(user: User) -> QuerySet[CareTask]:
    """Follow-up contact tasks, for counsellors only (any counsellor may cover a colleague)."""
    require(is_counsellor, user)
    return CareTask.objects.filter(step__kind=CarePlanStep.Kind.FOLLOW_UP_CONTACT).select_related(
        "seafarer__seafarer_profile", "assigned_to", "voyage__vessel"
    )


def get_follow_up_task_for_user(user: User, pk: int) -> CareTask:
    task = follow_up_tasks_for_user(user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task
