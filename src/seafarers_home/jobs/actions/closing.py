"""Postings close by themselves: after their closing day (Beijing date: the companies and the
union work on it) or once as many applicants accepted as there are places. Run by the task
worker (jobs/periodic_jobs.py)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from seafarers_home.audit.services import record_audit
from seafarers_home.jobs.models import Application, Posting
from seafarers_home.lib.zones import hospital_zone


def do_close_due_postings() -> int:
    """Close every published posting past its closing day or filled; answers how many."""
    today = timezone.localdate(timezone.now(), hospital_zone())
    published = Posting.objects.filter(status=Posting.Status.APPROVED)
    filled = published.annotate(
        accepted=Count("applications", filter=Q(applications__status=Application.Status.ACCEPTED))
    ).filter(accepted__gte=F("places"))
    due = set(published.filter(closes_on__lt=today).values_list("pk", flat=True))
    due |= set(filled.values_list("pk", flat=True))
    closed = 0
    for pk in sorted(due):
        with transaction.atomic():
            count = Posting.objects.filter(pk=pk, status=Posting.Status.APPROVED).update(
                status=Posting.Status.CLOSED, updated_at=timezone.now()
            )
            if count:
                record_audit(
                    None,
                    "jobs.posting_close",
                    target_type="jobs.posting",
                    target_id=pk,
                    purpose="job posting",
                )
                closed += 1
    return closed
