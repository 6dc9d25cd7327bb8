"""Message-board statistics for union staff and administrators: counts and response times,
never titles, text or names."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seafarers_home.inquiries.forms_answering import StatsPeriodForm
from seafarers_home.inquiries.stats_snapshot import current_stats
from seafarers_home.lib.small_cells import MIN_CELL
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import sees_all_companies


@role_required(sees_all_companies)
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    form = StatsPeriodForm(request.GET or None)
    months = (form.cleaned_data.get("months") if form.is_valid() else None) or 12
    # The worker's snapshot (one row), or computed now on a new installation.
    figures, built_at = current_stats(months)
    share = figures.overdue_share
    context = {
        "form": form,
        "stats": figures,
        "built_at": built_at,
        "min_cell": MIN_CELL,
        "overdue_percent": None if share is None else share * 100,
        "response_rows": [
            (_("全部"), figures.response_all),
            (_("紧急"), figures.response_urgent),
            (_("普通"), figures.response_routine),
        ],
    }
    return render(request, "inquiries/staff_stats.html", context)
