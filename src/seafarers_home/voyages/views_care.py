"""Care pages: the seafarer's care tasks, the safe-home plan and its family links, the public
family page, and the counsellors' 14-day follow-ups. No JavaScript; small pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seafarers_home.audit.reads import record_read
from seafarers_home.permissions.decorators import role_required, seafarer_required
from seafarers_home.permissions.roles import is_counsellor
from seafarers_home.voyages import safe_home
from seafarers_home.voyages.access_care import (
    follow_up_tasks_for_user,
    get_follow_up_task_for_user,
    get_own_overdue_task,
    get_share_for_user,
)
from seafarers_home.voyages.actions import (
    do_create_safe_home_share,
    do_dismiss_care_task,
    do_mark_safe_home_viewed,
    do_record_follow_up_outcome,
    do_revoke_safe_home_share,
)
from seafarers_home.voyages.forms_care import FollowUpOutcomeForm
from seafarers_home.voyages.models import CarePlanStep, CareTask, FollowUpOutcome, Phase
from seafarers_home.voyages.phases import current_voyage, phase_on, seafarer_today
from seafarers_home.voyages.services_care import (
    FollowUpInvalid,
    NotOverdue,
    SafeHomeError,
    active_shares,
    family_share,
    has_open_safe_home_task,
)

PAGE_SIZE = 50


def _counsellors(task: CareTask) -> bool:
    return task.step.kind == CarePlanStep.Kind.FOLLOW_UP_CONTACT


@require_GET
@seafarer_required(health_consent=True)
def tasks(request: HttpRequest) -> HttpResponse:
    # Only reads: the worker's minute job (voyages.sync_recent) completes tasks from fresh facts.
    today = seafarer_today(request.user)
    voyage = current_voyage(request.user, today)
    now = timezone.now()
    mine = CareTask.objects.filter(seafarer=request.user).select_related("step", "voyage__vessel")
    open_tasks = list(mine.filter(status=CareTask.Status.OPEN).order_by("due_at", "pk"))
    context = {
        "voyage": voyage,
        "phase": phase_on(voyage, today) if voyage else Phase.ASHORE,
        # A late follow-up call is the counsellor's to catch up, not the seafarer's "overdue".
        "overdue": [task for task in open_tasks if task.due_at < now and not _counsellors(task)],
        "due": [task for task in open_tasks if task.due_at >= now or _counsellors(task)],
        "done": mine.filter(status=CareTask.Status.DONE).order_by("-completed_at", "-pk")[:10],
    }
    return render(request, "voyages/care_tasks.html", context)


@require_POST
@seafarer_required(health_consent=True)
def dismiss_task(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_own_overdue_task(request.user, pk)
    try:
        do_dismiss_care_task(request.user, task, request=request)
    except NotOverdue as exc:
        messages.warning(request, str(exc))
    else:
        messages.success(request, _("已移除这个过期任务,不会再提醒。"))
    return redirect("voyages:tasks")


@seafarer_required
@require_GET
def safe_home_plan(request: HttpRequest) -> HttpResponse:
    context = {
        "page": safe_home.page("plan"),
        "shares": active_shares(request.user),
        "base_url": request.build_absolute_uri("/").rstrip("/"),
        "task_open": has_open_safe_home_task(request.user),
    }
    return render(request, "voyages/safe_home.html", context)


@seafarer_required
@require_POST
def safe_home_read(request: HttpRequest) -> HttpResponse:
    """ "I have read it": completes the safe-home care task (a GET only shows the plan)."""
    if do_mark_safe_home_viewed(request.user, request=request):
        messages.success(request, _("已记录:您看过了安心回家计划。"))
    return redirect("voyages:safe_home")


@seafarer_required
@require_POST
def safe_home_share(request: HttpRequest) -> HttpResponse:
    try:
        do_create_safe_home_share(request.user, request=request)
    except SafeHomeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("家属链接已生成:复制下面的链接发给家人。"))
    return redirect("voyages:safe_home")


@login_required
@require_POST
def safe_home_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    share = get_share_for_user(request.user, pk)
    do_revoke_safe_home_share(share, request.user, request=request)
    messages.success(request, _("链接已收回,家人再打开会看到“页面不存在”。"))
    return redirect("voyages:safe_home")


@require_GET
def family(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the family version of the plan. No name, no health data."""
    if family_share(token) is None:
        raise Http404
    response = render(request, "voyages/family.html", {"page": safe_home.page("family")})
    # The token is in the address: keep it out of referrers, search engines and shared caches.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(is_counsellor)
@require_GET
def follow_ups(request: HttpRequest) -> HttpResponse:
    tasks_qs = follow_up_tasks_for_user(request.user).filter(status=CareTask.Status.OPEN)
    if request.GET.get("mine") == "1":
        tasks_qs = tasks_qs.filter(assigned_to=request.user)
    page = Paginator(tasks_qs.order_by("due_at", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "mine": request.GET.get("mine") == "1", "now": timezone.now()}
    return render(request, "voyages/follow_ups.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_follow_up_task_for_user(request.user, pk)
    existing = FollowUpOutcome.objects.filter(task=task).first()
    form = FollowUpOutcomeForm(request.POST or None)
    if request.method == "POST" and existing is None and form.is_valid():
        try:
            do_record_follow_up_outcome(task, request.user, **form.cleaned_data, request=request)
        except FollowUpInvalid as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("随访结果已记录。"))
            return redirect("voyages:follow_ups")
    elif request.method == "GET":
        record_read(
            request.user,
            "voyages.follow_up.view",
            target=task,
            purpose="voyage care: 14-day follow-up",
            request=request,
        )
    context = {"task": task, "form": form, "existing": existing}
    return render(request, "voyages/follow_up_outcome.html", context)
