"""The daily run's phases, computed in SQL (issue 20 item 5): ``phases.phase_on`` for every
active voyage at once, one UPDATE per seafarers' "today".

A seafarer's today is the date in their own time zone, so the voyages are split by the time
zones their seafarers have (a handful: ships' zones), and each group gets one statement whose
CASE is ``phase_on`` written in SQL — the same rules, the same order:

- before the departure day (recorded, else planned) → before departure;
- no recorded return, or before it → at sea (a late return stays at sea);
- within ``AFTER_RETURN_DAYS`` of the recorded return → after return; later → ashore.

Cancelled voyages are not touched (the run closes their tasks by itself). The rows it changes
get ``updated_at = now``; the run then also syncs the voyages it has just moved ashore, so
their tasks of the phase they left are closed as before. The equivalence test compares this
with ``phase_on`` voyage by voyage (the one-by-one run).
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import connection
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.voyages.models import Phase, Voyage
from seafarers_home.voyages.phases import AFTER_RETURN_DAYS, user_zone

ACTIVE = (Phase.BEFORE_DEPARTURE, Phase.AT_SEA, Phase.AFTER_RETURN)


def _zones_by_today(now: datetime.datetime) -> dict[datetime.date, list[str]]:
    """Today's date → the stored time-zone names whose today it is (unknown names count as
    the site's zone, as ``user_zone`` does)."""
    names = (
        Voyage.objects.filter(cancelled_at__isnull=True, phase__in=ACTIVE)
        .order_by()
        .values_list("seafarer__time_zone", flat=True)
        .distinct()
    )
    by_today: dict[datetime.date, list[str]] = defaultdict(list)
    for name in names:
        zone = user_zone(User(time_zone=name or ""))
        by_today[timezone.localtime(now, zone).date()].append(name)
    return by_today


def update_phases(now: datetime.datetime) -> int:
    """Set the cached phase of every active voyage for its seafarer's today; returns how many
    voyages changed phase."""
    table = Voyage._meta.db_table
    users = User._meta.db_table
    ops = connection.ops
    changed = 0
    for today, names in sorted(_zones_by_today(now).items()):
        day = ops.adapt_datefield_value(today)
        cutoff = ops.adapt_datefield_value(today - datetime.timedelta(days=AFTER_RETURN_DAYS))
        phase_sql = """CASE
            WHEN %s < COALESCE(actual_departure, planned_departure) THEN %s
            WHEN actual_return IS NULL OR %s < actual_return THEN %s
            WHEN actual_return > %s THEN %s
            ELSE %s END"""
        phase_params = [
            day,
            Phase.BEFORE_DEPARTURE.value,
            day,
            Phase.AT_SEA.value,
            cutoff,
            Phase.AFTER_RETURN.value,
            Phase.ASHORE.value,
        ]
        zones = ", ".join(["%s"] * len(names))
        actives = ", ".join(["%s"] * len(ACTIVE))
        sql = f"""
            UPDATE {table} SET phase = {phase_sql}, updated_at = %s
            WHERE cancelled_at IS NULL AND phase IN ({actives})
              AND seafarer_id IN (SELECT id FROM {users} WHERE time_zone IN ({zones}))
              AND phase <> {phase_sql}
        """  # noqa: S608 - table names are ours, values are parameters
        params = [
            *phase_params,
            ops.adapt_datetimefield_value(now),
            *[p.value for p in ACTIVE],
            *names,
            *phase_params,
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            changed += cursor.rowcount
    return changed
