"""The programme dashboard of voyage care (union staff and administrators): monthly charts
and tables of aggregates, small cells suppressed. No person appears on this page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from seafarers_home.audit.reads import record_read
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import sees_all_companies
from seafarers_home.voyages.dashboard import Dashboard
from seafarers_home.voyages.dashboard_charts import bar_chart, line_chart
from seafarers_home.voyages.dashboard_snapshot import current_dashboard
from seafarers_home.voyages.models import Phase


def _charts(board: Dashboard) -> dict[str, str]:
    months = board.months
    phase_labels = dict(Phase.choices)
    uptake = {s.key: s.values for s in board.green_uptake.series}
    waiting = {s.key: s.values for s in board.waiting.series}
    charts = {
        "phases": bar_chart(
            _("各阶段海员人数"),
            months,
            [(str(phase_labels[s.key]), s.values) for s in board.phases.series],
        ),
        "coverage": line_chart(
            _("出海前心理CT覆盖率(%)"),
            months,
            [(_("覆盖率"), board.coverage.series[0].values)],
            top=100,
        ),
        "pulse": line_chart(
            _("海上打卡响应率(%)"), months, [(_("响应率"), board.pulse.series[0].values)], top=100
        ),
        "return_screening": line_chart(
            _("归港7天内完成心理CT(%)"),
            months,
            [(_("完成率"), board.return_screening.series[0].values)],
            top=100,
        ),
        "green_uptake": bar_chart(
            _("绿色通道:转介、预约、就诊"),
            months,
            [
                (_("转介"), uptake["referred"]),
                (_("预约"), uptake["booked"]),
                (_("就诊"), uptake["attended"]),
            ],
        ),
        "waiting": line_chart(
            _("等待天数(中位数)"),
            months,
            [
                (_("转介到就诊"), waiting["referral_to_visit"]),
                (_("归港到首次就诊"), waiting["return_to_visit"]),
            ],
        ),
    }
    # The SVG is built from numbers and escaped labels only (dashboard_charts).
    return {key: mark_safe(svg) for key, svg in charts.items()}  # noqa: S308


@role_required(sees_all_companies)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    board, built_at = current_dashboard()  # the worker's snapshot: one row, whatever the data
    record_read(
        request.user, "voyages.dashboard.view", purpose="programme statistics", request=request
    )
    context = {
        "board": board,
        "built_at": built_at,
        "charts": _charts(board),
        "recent": board.months[-6:],
        "coverage_rows": [
            (row.company, list(zip(row.shares[-6:], row.totals[-6:], strict=True)))
            for row in board.coverage_by_company
        ],
        "uptake_rows": list(
            zip(board.months, *(s.values for s in board.green_uptake.series), strict=True)
        ),
    }
    return render(request, "voyages/dashboard.html", context)
