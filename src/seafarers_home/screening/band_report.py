"""The union's band report at a country's scale (issue 20 item 4): one page of companies at a
time, suppressed for that page only.

``union_band_report()`` reads the pre-aggregated counts (``BandCount``), but at ~3,000
companies it suppresses some 18,000 groups in Python (1.5–5.8 s measured, bench/README
"Union band report") and the page listed every company. A cache would not help for long:
the counts change with every completed screening, at a country's scale every second or two.
So the page lists ``REPORT_PAGE_SIZE`` companies in name order and suppresses only theirs:

- which companies are listed is decided in SQL over the counts: a company with some
  instrument answered by at least ``MIN_GROUP`` people (one GROUP BY over ``BandCount``,
  companies × instruments × bands rows, whatever the number of responses);
- their counts are read and suppressed as before (``union_band_report`` for those companies);
  a company whose every group still ends up hidden (only possible for an instrument with ten
  or more bands, none today) is left off its page rather than named.

Always current, nothing cached; suppression is unchanged and runs after aggregation.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Sum

from seafarers_home.lib.small_cells import MIN_GROUP
from seafarers_home.screening.aggregates import instrument_title, union_band_report
from seafarers_home.screening.models import BandCount

REPORT_PAGE_SIZE = 50


def reported_company_ids() -> QuerySet[Any]:
    """Companies with an instrument answered by enough people to show (a subquery)."""
    return (
        BandCount.objects.filter(n__gt=0)
        .values("company", "instrument_code")
        .annotate(people=Sum("n"))
        .filter(people__gte=MIN_GROUP)
        .values("company")
    )


def union_report_page(page_number: Any, organisations: QuerySet[Any]) -> tuple[Page, list[tuple]]:
    """(the page, [(company, [(code, title, suppressed group), ...]), ...]) of the union's
    report, companies by name. ``organisations`` is the Organisation queryset (the caller's
    app owns the model)."""
    # One pass over the counts for the order of every listed company (ids only), then the
    # page's companies and counts: the paginator's count and slice would each repeat it.
    ordered = list(
        organisations.filter(pk__in=reported_company_ids())
        .order_by("name", "pk")
        .values_list("pk", flat=True)
    )
    page = Paginator(ordered, REPORT_PAGE_SIZE).get_page(page_number)
    companies = organisations.in_bulk(list(page.object_list))
    report = union_band_report(company__in=list(page.object_list))
    titles: dict[str, str] = {}
    rows = []
    for company in (companies[pk] for pk in page.object_list):
        groups = report.get(company.pk, {})
        # The page says companies under 10 people are not shown: not even by name.
        if not any(group.shown for group in groups.values()):
            continue
        for code in groups:
            titles.setdefault(code, instrument_title(code))
        rows.append((company, [(code, titles[code], g) for code, g in groups.items()]))
    return page, rows
