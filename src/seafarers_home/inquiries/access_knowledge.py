"""Who reaches knowledge-base entries: published ones are public (no author on any page);
clinicians reach any entry (to unpublish it); everyone else gets 404 for an unpublished one."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from seafarers_home.inquiries.access_staff import require_clinician
from seafarers_home.inquiries.models import KnowledgeEntry
from seafarers_home.inquiries.search import published_entries


def get_published_entry(pk: int) -> KnowledgeEntry:
    entry = published_entries().filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def get_entry_for_clinician(request: HttpRequest, pk: int) -> KnowledgeEntry:
    require_clinician(request)
    entry = KnowledgeEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry
