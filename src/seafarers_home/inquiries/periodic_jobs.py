"""The message board's periodic jobs (core/periodic.py).

- ``inquiries.escalate_overdue``: every question left unanswered past its promised time goes to
  the duty clinicians. Each question also has its own task at its promised time
  (inquiries/tasks.py); this job catches what that missed and is the only retry (it replaces
  the ``escalate_overdue_questions`` cron command).
- ``inquiries.stats_snapshot``: every REFRESH (15 minutes), the union's statistics page's
  figures rebuilt (inquiries/stats_snapshot.py).
"""

from __future__ import annotations

import datetime

from seafarers_home.core.periodic import periodic_job
from seafarers_home.inquiries.services_answer import escalate_overdue_questions
from seafarers_home.inquiries.stats_snapshot import REFRESH, refresh_stats_snapshots


@periodic_job("inquiries.escalate_overdue", every=datetime.timedelta(minutes=1))
def escalate_overdue() -> int:
    """Escalate every question left unanswered past its promised time."""
    return escalate_overdue_questions()


@periodic_job("inquiries.stats_snapshot", every=REFRESH)
def stats_snapshot() -> int:
    """Rebuild the message-board statistics the union's page reads (every period)."""
    return refresh_stats_snapshots()
