"""The union's view of 企业招聘: postings by state, applications, fill rate, time to fill,
reports and suspensions, and the advertised wage range by rank (medians per currency; a rank
with fewer than MIN_CELL postings in a currency is not shown), with a server-drawn SVG chart.
Counts of postings are the companies' (not people); the wage medians are suppressed anyway so
that a single company's offer cannot be read off."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from django.db.models import Count, Sum
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seafarers_home.jobs.models import Application, CompanyStanding, Posting, PostingReport, Rank
from seafarers_home.lib.percentiles import percentile
from seafarers_home.lib.small_cells import MIN_CELL
from seafarers_home.lib.svg_charts import num, svg_open


@dataclass(frozen=True)
class WageRow:
    rank: str
    currency: str
    postings: int
    median_min: float
    median_max: float


def _wage_rows() -> list[WageRow]:
    groups: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    published = Posting.objects.filter(approved_at__isnull=False)
    for rank, currency, low, high in published.values_list(
        "rank", "currency", "wage_min", "wage_max"
    ):
        groups[(rank, currency)].append((low, high))
    rows = []
    for (rank, currency), wages in sorted(groups.items()):
        if len(wages) < MIN_CELL:
            continue
        lows = sorted(low for low, _high in wages)
        highs = sorted(high for _low, high in wages)
        rows.append(
            WageRow(
                str(Rank(rank).label) if rank in Rank.values else rank,
                currency,
                len(wages),
                percentile(lows, 0.5) or 0,
                percentile(highs, 0.5) or 0,
            )
        )
    return rows


def wage_chart(rows: list[WageRow], currency: str) -> SafeString:
    """Horizontal bars from the median minimum to the median maximum wage, one per rank."""
    rows = [row for row in rows if row.currency == currency]
    if not rows:
        return mark_safe("")
    width, left, bar, gap = 340, 90, 14, 8
    height = 20 + len(rows) * (bar + gap)
    top = max(row.median_max for row in rows) or 1
    scale = (width - left - 10) / top
    parts = [svg_open(width, height, _("各职务月工资中位数范围(%(c)s)") % {"c": currency})]
    for i, row in enumerate(rows):
        y = 10 + i * (bar + gap)
        x0, x1 = left + row.median_min * scale, left + row.median_max * scale
        parts.append(
            f'<text x="{left - 4}" y="{num(y + bar - 3)}" text-anchor="end">'
            f"{escape(row.rank)}</text>"
            f'<rect x="{num(x0)}" y="{y}" width="{num(max(x1 - x0, 2))}" height="{bar}" '
            f'fill="#1565c0"><title>{escape(row.rank)}: {num(row.median_min)}–'
            f"{num(row.median_max)}</title></rect>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _days_to_fill() -> float | None:
    """Median days from a posting's first approval to each place taken (an accepted offer)."""
    days = []
    for application in Application.objects.filter(
        status=Application.Status.ACCEPTED
    ).select_related("posting"):
        first = application.posting.versions.order_by("number").first()
        if first is not None:
            days.append((application.updated_at - first.approved_at).total_seconds() / 86400)
    return percentile(sorted(days), 0.5)


def job_statistics() -> dict[str, Any]:
    by_status = dict(
        Posting.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    published = Posting.objects.filter(approved_at__isnull=False)
    places = published.aggregate(n=Sum("places"))["n"] or 0
    taken = Application.objects.filter(
        status=Application.Status.ACCEPTED, posting__in=published
    ).count()
    wages = _wage_rows()
    return {
        "by_status": [
            (str(label), by_status.get(value, 0)) for value, label in Posting.Status.choices
        ],
        "applications": Application.objects.count(),
        "fill_rate": round(100 * taken / places) if places else None,
        "days_to_fill": _days_to_fill(),
        "reports_open": PostingReport.objects.filter(handled_at__isnull=True).count(),
        "reports_total": PostingReport.objects.count(),
        "companies_suspended": CompanyStanding.objects.filter(suspended_at__isnull=False).count(),
        "wages": wages,
        "charts": [wage_chart(wages, code) for code in Posting.Currency.values],
        "min_cell": MIN_CELL,
    }
