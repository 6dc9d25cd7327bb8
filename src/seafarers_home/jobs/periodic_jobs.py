"""The jobs' periodic job (core/periodic.py): ``jobs.close_postings`` every EVERY closes the
postings past their closing day or filled."""

from __future__ import annotations

import datetime

from seafarers_home.core.periodic import periodic_job
from seafarers_home.jobs.actions.closing import do_close_due_postings

EVERY = datetime.timedelta(minutes=30)


@periodic_job("jobs.close_postings", every=EVERY)
def close_postings() -> int:
    return do_close_due_postings()
