"""Rebuild the band reports' pre-aggregated counts from the responses (``BandCount``).

The actions keep the counts in step (``screening.band_counts``) and migration 0004 built
them once; this command is the repair tool after a restore or a manual correction of
responses. It prints whether the stored counts differed before the rebuild."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from seafarers_home.screening.band_counts import (
    raw_band_counts,
    rebuild_band_counts,
    stored_band_counts,
)


class Command(BaseCommand):
    help = "Rebuild the screening band counts (union and company reports) from the responses."

    def handle(self, *args: Any, **options: Any) -> None:
        differed = stored_band_counts() != raw_band_counts()
        rows = rebuild_band_counts()
        state = "differed and were rebuilt" if differed else "matched; rebuilt anyway"
        self.stdout.write(f"{rows} band count rows: the stored counts {state}.")
