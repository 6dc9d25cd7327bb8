"""Rebuild the knowledge base's search index from the entries' texts: after a change to how
entries are indexed (the synonym groups in inquiries/synonyms.py, the tokeniser). Publishing
and editing keep the index current on their own; this is needed once after an upgrade that
says so. Safe to run on a live site: each entry is rebuilt in its own short transaction."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from seafarers_home.inquiries.models import KnowledgeEntry
from seafarers_home.inquiries.search import index_entry


class Command(BaseCommand):
    help = "Rebuild the knowledge base's search index (after the synonym groups change)."

    def handle(self, *args: Any, **options: Any) -> None:
        entries = terms = 0
        for pk in KnowledgeEntry.objects.order_by("pk").values_list("pk", flat=True):
            # Read under the row lock: an edit made since the list was read is indexed as
            # it is now, not overwritten with the text it had then.
            with transaction.atomic():
                entry = KnowledgeEntry.objects.select_for_update().filter(pk=pk).first()
                if entry is None:  # deleted meanwhile
                    continue
                terms += index_entry(entry)
            entries += 1
        self.stdout.write(f"Reindexed {entries} knowledge entries ({terms} terms).")
