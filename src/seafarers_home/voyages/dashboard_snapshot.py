"""The programme dashboard, built by the worker and read by the page (issue 20 item 4).

``build_dashboard`` aggregates every voyage, screening, pulse task and referral of the last
year: 1.3 s at 50,000 seafarers and linear beyond. Its figures are monthly and change slowly,
so the worker builds them every ``REFRESH`` (periodic job ``voyages.dashboard_snapshot``) and
after the daily care run, and the page reads one row: a constant cost whatever the data.
The snapshot holds the figures *after* small-cell suppression (the dashboard applies it while
building), so nothing suppressed is ever stored. The page says when the figures were built.

Until the first snapshot exists (a new installation) the page builds the figures itself and
stores nothing (a GET does not write).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from seafarers_home.organisations.models import Organisation
from seafarers_home.voyages.dashboard import (
    CompanyCoverage,
    Dashboard,
    Metric,
    Series,
    build_dashboard,
)
from seafarers_home.voyages.models import DashboardSnapshot

KEY = "programme"
REFRESH = datetime.timedelta(minutes=30)


def _metric(metric: Metric) -> dict[str, Any]:
    return {
        "key": metric.key,
        "series": [{"key": s.key, "values": s.values} for s in metric.series],
        "totals": metric.totals,
    }


def _load_metric(data: dict[str, Any]) -> Metric:
    return Metric(
        key=data["key"],
        series=[Series(key=s["key"], values=s["values"]) for s in data["series"]],
        totals=data["totals"],
    )


METRICS = ("phases", "coverage", "pulse", "return_screening", "green_uptake", "waiting")


def to_data(board: Dashboard) -> dict[str, Any]:
    data: dict[str, Any] = {name: _metric(getattr(board, name)) for name in METRICS}
    data["months"] = [month.isoformat() for month in board.months]
    data["coverage_by_company"] = [
        {"company": row.company.pk, "shares": row.shares, "totals": row.totals}
        for row in board.coverage_by_company
    ]
    return data


def from_data(data: dict[str, Any]) -> Dashboard:
    companies = Organisation.objects.in_bulk(
        [row["company"] for row in data["coverage_by_company"]]
    )
    return Dashboard(
        months=[datetime.date.fromisoformat(month) for month in data["months"]],
        coverage_by_company=[
            CompanyCoverage(
                company=companies[row["company"]], shares=row["shares"], totals=row["totals"]
            )
            for row in data["coverage_by_company"]
            if row["company"] in companies  # a company deleted since the build
        ],
        **{name: _load_metric(data[name]) for name in METRICS},
    )


def refresh_dashboard_snapshot(now: datetime.datetime | None = None) -> DashboardSnapshot:
    """Build the figures and store them as the snapshot the page reads (the worker's job)."""
    now = now or timezone.now()
    board = build_dashboard(now)
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        key=KEY, defaults={"built_at": now, "data": to_data(board)}
    )
    return snapshot


def current_dashboard() -> tuple[Dashboard, datetime.datetime | None]:
    """(the figures, when they were built); built now, unstored, when no snapshot exists
    yet (then the time is None)."""
    snapshot = DashboardSnapshot.objects.filter(key=KEY).first()
    if snapshot is None:
        return build_dashboard(), None
    return from_data(snapshot.data), snapshot.built_at
