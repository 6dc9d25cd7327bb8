"""The audit trail viewer: administrators only, read-only, and itself audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from seafarers_home.audit.forms import AuditFilterForm
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.reads import record_read
from seafarers_home.core.roles import Role

if TYPE_CHECKING:  # accounts imports audit
    from seafarers_home.accounts.requests import AuthenticatedHttpRequest

PAGE_SIZE = 50


@require_GET
@login_required
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # 404, not 403: the trail's existence is nobody else's business.
    if not request.user.has_role(Role.ADMINISTRATOR):
        raise Http404
    form = AuditFilterForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    events: QuerySet[AuditEvent] = AuditEvent.objects.none()
    if valid:
        events = AuditEvent.objects.all()
        events = form.filter(events) if form.is_bound else events
        events = events.order_by("-id")
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    # Read the page before appending this view's own row, so the count and rows agree.
    page.object_list = list(page.object_list)
    record_read(
        request.user,
        "audit.view",
        purpose="audit review",
        request=request,
        detail={
            "filters": form.used_filters() if valid and form.is_bound else {},
            "page": page.number,
        },
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if valid else 400,
    )
