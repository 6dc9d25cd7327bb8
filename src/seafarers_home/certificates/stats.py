"""The wallet's figure for the union view: how many seafarers hold a certificate of each kind
that expires in the next ``AHEAD_DAYS`` days (from the reader's day), so that the union can plan
renewal courses. One aggregate query; every count goes through the project's one small-cell
helper (lib/small_cells.py): a kind held by one to four such seafarers is hidden, and so is
whatever would let it be worked out from the total."""

from __future__ import annotations

import datetime

from django.db.models import Count

from seafarers_home.certificates.kinds import all_kinds
from seafarers_home.certificates.models import Certificate
from seafarers_home.lib.small_cells import SuppressedGroup, suppress_group

AHEAD_DAYS = 90


def expiring_by_kind(today: datetime.date, days: int = AHEAD_DAYS) -> SuppressedGroup:
    """Seafarers per certificate kind with one expiring from ``today`` to ``today + days``
    (a seafarer with two such kinds counts once in each), suppressed; kinds in file order."""
    until = today + datetime.timedelta(days=days)
    rows = (
        Certificate.objects.filter(expires_on__gte=today, expires_on__lte=until)
        .values("kind")
        .annotate(people=Count("seafarer", distinct=True))
        .values_list("kind", "people")
    )
    found = dict(rows)
    kinds = all_kinds()
    counts = {kind.code: found.get(kind.code, 0) for kind in kinds}
    group = suppress_group(counts)
    return SuppressedGroup(
        cells=group.cells,
        total=group.total,
        shown=group.shown,
        labels={kind.code: kind.name for kind in kinds},
    )
