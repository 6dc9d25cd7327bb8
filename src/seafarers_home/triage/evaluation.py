"""Sensitivity and specificity of the lexicon, the classifier and their combination on a set of
labelled phrasings (by default the held-out set). ``bench/triage_eval.py`` prints them.

Definitions (per class, as a screening test is reported):
- crisis sensitivity: of the crisis phrasings, the share flagged as a mental-health crisis;
- physical sensitivity: of the physical emergencies, the share flagged as physical;
- specificity: of the routine (ordinary) phrasings, the share NOT flagged with that class — the
  figure the target "≥ 90 % specificity on ordinary questions" speaks of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from seafarers_home.triage.classifier import load_model, probabilities
from seafarers_home.triage.dataset import Phrasing, load_heldout
from seafarers_home.triage.lexicon import match_lexicon
from seafarers_home.triage.service import triage_text

Flags = tuple[bool, bool]  # (crisis, physical)


def lexicon_flags(text: str) -> Flags:
    result = match_lexicon(text)
    return result.mental, result.physical


def classifier_flags(text: str) -> Flags:
    model = load_model()
    scores = probabilities(text, model)
    return (
        scores["crisis"] >= model.thresholds["crisis"],
        scores["physical"] >= model.thresholds["physical"],
    )


def combined_flags(text: str) -> Flags:
    result = triage_text(text)
    return result.crisis, result.physical


DETECTORS: dict[str, Callable[[str], Flags]] = {
    "lexicon": lexicon_flags,
    "classifier": classifier_flags,
    "combined": combined_flags,
}


@dataclass
class Report:
    detector: str
    total: int = 0
    crisis_sensitivity: float = 0.0
    physical_sensitivity: float = 0.0
    crisis_specificity: float = 0.0
    physical_specificity: float = 0.0
    missed: list[Phrasing] = field(default_factory=list)
    false_alarms: list[Phrasing] = field(default_factory=list)


def _share(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def evaluate(detector: str, rows: Iterable[Phrasing] | None = None) -> Report:
    rows = list(load_heldout() if rows is None else rows)
    flags_of = DETECTORS[detector]
    report = Report(detector, total=len(rows))
    # [found, of] per flagged label; the routine rows' counts of not flagged and of all.
    flagged: dict[str, list[int]] = {"crisis": [0, 0], "physical": [0, 0]}
    routine: dict[str, int] = {"routine_c": 0, "routine_p": 0, "routine": 0}
    for row in rows:
        crisis, physical = flags_of(row.text)
        if row.label == "crisis":
            flagged["crisis"][0] += crisis
            flagged["crisis"][1] += 1
            if not crisis:
                report.missed.append(row)
        elif row.label == "physical":
            flagged["physical"][0] += physical
            flagged["physical"][1] += 1
            if not physical:
                report.missed.append(row)
        else:
            routine["routine"] += 1
            routine["routine_c"] += not crisis
            routine["routine_p"] += not physical
            if crisis or physical:
                report.false_alarms.append(row)
    report.crisis_sensitivity = _share(*flagged["crisis"])
    report.physical_sensitivity = _share(*flagged["physical"])
    report.crisis_specificity = _share(routine["routine_c"], routine["routine"])
    report.physical_specificity = _share(routine["routine_p"], routine["routine"])
    return report


def figures(rows: Iterable[Phrasing] | None = None) -> dict[str, dict[str, float]]:
    """Every detector's four figures, rounded to 0.1 %, as ``model/figures.json`` keeps them."""
    rows = list(load_heldout() if rows is None else rows)
    out = {}
    for name in DETECTORS:
        report = evaluate(name, rows)
        out[name] = {
            field: round(getattr(report, field) * 100, 1)
            for field in (
                "crisis_sensitivity",
                "crisis_specificity",
                "physical_sensitivity",
                "physical_specificity",
            )
        }
    return out
