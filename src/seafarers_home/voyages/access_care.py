"""Access helpers of the care pages: a seafarer's own share links, counsellors' follow-ups.
Anybody else gets 404 (nobody learns what exists)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from seafarers_home.accounts.models import Role
from seafarers_home.voyages.models import CarePlanStep, CareTask, SafeHomeShare


def require_seafarer(request: HttpRequest) -> None:
    if not request.user.has_role(Role.SEAFARER):
        raise Http404


def require_counsellor(request: HttpRequest) -> None:
    if not request.user.has_role(Role.COUNSELLOR):
        raise Http404


def get_share_for_user(request: HttpRequest, pk: int) -> SafeHomeShare:
    """One of the signed-in seafarer's own share links, else 404."""
    require_seafarer(request)
    share = SafeHomeShare.objects.filter(pk=pk, seafarer=request.user).first()
    if share is None:
        raise Http404
    return share


def get_own_overdue_task(request: HttpRequest, pk: int) -> CareTask:
    """One of the signed-in seafarer's own open care tasks that is past due and theirs to do
    (a counsellor's follow-up call is not), else 404."""
    require_seafarer(request)
    task = (
        CareTask.objects.filter(pk=pk, seafarer=request.user, status=CareTask.Status.OPEN)
        .exclude(step__kind=CarePlanStep.Kind.FOLLOW_UP_CONTACT)
        .first()
    )
    if task is None:
        raise Http404
    return task


def follow_up_tasks_for_user(request: HttpRequest) -> QuerySet[CareTask]:
    """Follow-up contact tasks, for counsellors only (any counsellor may cover a colleague)."""
    require_counsellor(request)
    return CareTask.objects.filter(step__kind=CarePlanStep.Kind.FOLLOW_UP_CONTACT).select_related(
        "seafarer__seafarer_profile", "assigned_to", "voyage__vessel"
    )


def get_follow_up_task_for_user(request: HttpRequest, pk: int) -> CareTask:
    task = follow_up_tasks_for_user(request).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task
