"""Generate a large deterministic synthetic data set for benchmarks."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from seafarers_home.demo.synthetic import (
    PhoneRangeTaken,
    SyntheticDataExists,
    do_generate_synthetic,
    total_rows,
)


class Command(BaseCommand):
    help = "Create synthetic companies, vessels and seafarers (rows marked syn-)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seafarers", type=int, default=50_000)
        parser.add_argument("--vessels", type=int, default=3_000)
        parser.add_argument("--companies", type=int, default=120)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--reset", action="store_true", help="delete earlier synthetic rows first"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {key: options[key] for key in ("seafarers", "vessels", "companies")}
        if min(counts.values()) < 0:
            raise CommandError("counts must not be negative")
        with tqdm(
            total=total_rows(**counts),
            unit="rows",
            file=sys.stderr,
            disable=options["no_progress"],
        ) as bar:
            try:
                result = do_generate_synthetic(
                    **counts, seed=options["seed"], reset=options["reset"], progress=bar.update
                )
            except SyntheticDataExists as exc:
                raise CommandError("synthetic data already exists: run again with --reset") from exc
            except PhoneRangeTaken as exc:
                raise CommandError(
                    "accounts already use the synthetic phone range 1599xxxxxxx: refusing"
                ) from exc
        if result.deleted:
            self.stdout.write(f"deleted {result.deleted} earlier synthetic rows")
        made = ", ".join(f"{count} {what}" for what, count in result.created.items())
        self.stdout.write(
            f"created {sum(result.created.values())} rows ({made}) in {result.seconds:.1f} s"
        )
