"""Risk triage of screening results: routine / follow-up / urgent / crisis.

Rules (a response gets the highest level any rule gives it; a screening gets the highest
level of its responses):

============  ==========================================  ===========
instrument    condition                                   level
============  ==========================================  ===========
any           a safety item answered above its lowest      crisis
              option (PHQ-9 item 9: thoughts of being
              better off dead or of self-harm, any day)
phq9          total ≥ 20 (severe band)                    urgent
phq9          total ≥ 10 (moderate or worse)              follow-up
gad7          total ≥ 20                                  urgent
gad7          total ≥ 10 (moderate or worse)              follow-up
phq4          total ≥ 9 (severe)                          urgent
phq4          total ≥ 6 (moderate)                        follow-up
k10           total ≥ 30 (very high distress)             urgent
k10           total ≥ 22 (high distress)                  follow-up
who5          percentage ≤ 28 (likely depression)         follow-up
auditc        total ≥ 8                                   follow-up
pcl5          total in or above the "probable_ptsd" band  follow-up
              (its file: ≥ 33, Weathers et al.)
pcptsd5       total in or above the "positive" band       follow-up
              (its file: ≥ 3 "yes", Prins et al. 2016)
============  ==========================================  ===========

A ``"band"`` rule reads its threshold from the instrument file: the lowest total of the named
band, so the trauma instruments' cut-offs are data (changed in the file, not here).
The PHQ-9/GAD-7 ≥ 10 and ≥ 20 and K10 ≥ 30 thresholds are the issue's; PHQ-4 uses its
published moderate (6–8) and severe (9–12) bands; WHO-5 ≤ 28 is the published cut-off for
likely depression; K10 ≥ 22 is the lower edge of its "high" band. GAD-7 ≥ 20 is kept as the
issue states it, so the GAD-7 severe band (15–21) is follow-up unless ≥ 20. A result without a
total (never stored: invalid answers are refused) is routine. Every completed screening enters
the clinicians' review queue, ordered by this level (routine last: a pre-departure clearance
needs routine screenings reviewed too); crisis also raises a crisis alert
(``alerts.actions.raising.do_raise_crisis_alert``) in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable

from seafarers_home.screening.instruments import Instrument
from seafarers_home.screening.models import RISK_ORDER, RiskLevel
from seafarers_home.screening.scoring import ScoreResult

# (instrument code) -> [(comparison, threshold, level)], checked in order; first match wins.
THRESHOLDS: dict[str, list[tuple[str, float | str, RiskLevel]]] = {
    "phq9": [(">=", 20, RiskLevel.URGENT), (">=", 10, RiskLevel.FOLLOW_UP)],
    "gad7": [(">=", 20, RiskLevel.URGENT), (">=", 10, RiskLevel.FOLLOW_UP)],
    "phq4": [(">=", 9, RiskLevel.URGENT), (">=", 6, RiskLevel.FOLLOW_UP)],
    "k10": [(">=", 30, RiskLevel.URGENT), (">=", 22, RiskLevel.FOLLOW_UP)],
    "who5": [("<=", 28, RiskLevel.FOLLOW_UP)],
    "auditc": [(">=", 8, RiskLevel.FOLLOW_UP)],
    "pcl5": [("band", "probable_ptsd", RiskLevel.FOLLOW_UP)],
    "pcptsd5": [("band", "positive", RiskLevel.FOLLOW_UP)],
}


def lower_is_worse(code: str) -> bool:
    """Whether low totals are the worrying end (WHO-5 well-being), read from the thresholds."""
    return any(op == "<=" for op, _threshold, _level in THRESHOLDS.get(code, []))


def response_risk(instrument: Instrument, result: ScoreResult) -> RiskLevel:
    """The risk level of one scored response."""
    if result.safety_positive:
        return RiskLevel.CRISIS
    if result.total is None:
        return RiskLevel.ROUTINE
    for op, threshold, level in THRESHOLDS.get(instrument.code, []):
        if op == "band":
            band = next((b for b in instrument.bands if b.code == threshold), None)
            hit = band is not None and result.total >= band.min
        else:
            limit = float(threshold)
            hit = result.total >= limit if op == ">=" else result.total <= limit
        if hit:
            return level
    return RiskLevel.ROUTINE


def screening_risk(levels: Iterable[RiskLevel | str]) -> RiskLevel:
    """The highest of ``levels`` (routine when there are none)."""
    best = RiskLevel.ROUTINE
    for level in levels:
        if not level:
            continue
        level = RiskLevel(level)
        if RISK_ORDER[level] < RISK_ORDER[best]:
            best = level
    return best
