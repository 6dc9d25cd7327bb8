"""Crisis triage on the held-out phrasings: sensitivity and specificity per class for the
lexicon, the classifier and their combination, with every miss and false alarm listed.

    .venv/bin/python bench/triage_eval.py            # the held-out set
    .venv/bin/python bench/triage_eval.py --quiet    # figures only

The held-out set (src/seafarers_home/triage/data/heldout.jsonl) was written by a separate writer
who saw neither the lexicon nor the training phrasings; neither the rules nor the model are
tuned on it. Targets (issue 19): crisis sensitivity >= 95 % at >= 90 % specificity on ordinary
questions; physical emergencies >= 90 %.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seafarers_home.settings")

import django

django.setup()

from seafarers_home.triage.dataset import load_heldout  # noqa: E402
from seafarers_home.triage.evaluation import DETECTORS, evaluate  # noqa: E402


def main() -> None:
    quiet = "--quiet" in sys.argv
    rows = load_heldout()
    counts = {label: sum(row.label == label for row in rows) for label in ("crisis", "physical")}
    print(
        f"held-out: {len(rows)} phrasings ({counts['crisis']} crisis, "
        f"{counts['physical']} physical, {len(rows) - sum(counts.values())} routine)"
    )
    print(
        f"{'detector':<11}{'crisis sens':>12}{'crisis spec':>12}{'phys sens':>11}{'phys spec':>11}"
    )
    reports = []
    for name in DETECTORS:
        report = evaluate(name, rows)
        reports.append(report)
        print(
            f"{name:<11}{report.crisis_sensitivity:>12.1%}{report.crisis_specificity:>12.1%}"
            f"{report.physical_sensitivity:>11.1%}{report.physical_specificity:>11.1%}"
        )
    started = time.perf_counter()
    for row in rows:
        DETECTORS["combined"](row.text)
    per_text = (time.perf_counter() - started) / len(rows) * 1000
    print(f"combined triage: {per_text:.2f} ms per phrasing (warm)")
    if not quiet:
        combined = reports[-1]
        print(f"\nmissed by the combination ({len(combined.missed)}):")
        for row in combined.missed:
            print(f"  [{row.label}/{row.kind}] {row.text}")
        print(f"\nfalse alarms of the combination ({len(combined.false_alarms)}):")
        for row in combined.false_alarms:
            print(f"  [{row.kind}] {row.text}")


if __name__ == "__main__":
    main()
