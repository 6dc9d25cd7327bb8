"""The union view of activities, courses and certificates (issue 12 item 5): figures and
charts only, never a name. Who sees which part is union_view.py's."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.activities.union_view import may_see_union_view, union_view_context
from seafarers_home.permissions.decorators import role_required


@require_GET
@role_required(may_see_union_view)
def statistics(request: AuthenticatedHttpRequest) -> HttpResponse:
    context = union_view_context(request.user, timezone.now())
    return render(request, "activities/statistics.html", context)
