"""Who reaches knowledge-base entries: published ones are public (no author on any page);
clinicians reach any entry (to unpublish it); everyone else gets 404 for an unpublished one."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.inquiries.models import KnowledgeEntry
from seafarers_home.inquiries.search import published_entries
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_clinician

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_published_entry(pk: int) -> KnowledgeEntry:
    entry = published_entries().filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry


def get_entry_for_clinician(user: User, pk: int) -> KnowledgeEntry:
    require(is_clinician, user)
    entry = KnowledgeEntry.objects.filter(pk=pk).first()
    if entry is None:
        raise Http404
    return entry
