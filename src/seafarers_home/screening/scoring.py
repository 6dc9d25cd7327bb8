"""Scoring from the instrument definition, and nothing else.

``score(instrument, answers)`` checks every answer against the item's options, mirrors
reverse-scored items, applies the instrument's missing-answer rule and multiplier, and finds
the severity band:

* ``missing.method == "none"``: every item must be answered.
* ``missing.method == "prorate"``: up to ``max_missing`` unanswered items are allowed; the
  total is ``raw × items / answered``, rounded half up to a whole number before the
  multiplier, so it stays on the instrument's scale and inside a band.
* A safety item (PHQ-9 item 9) must always be answered — a crisis signal is never guessed
  away by prorating — and is positive when its value is above the lowest option.
* An unscored item (``scored: false``, PC-PTSD-5's trauma question) must be answered and adds
  nothing to the total. An item answered with its ``skip_rest_if`` value ends the instrument:
  the items after it are not asked, count their lowest value (0 for PC-PTSD-5: no trauma
  exposure, a negative screen), and an answer sent for one of them is refused.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from seafarers_home.screening.instruments import Band, Instrument


class InvalidAnswers(ValueError):
    """The answers cannot be scored; ``errors`` maps item ids (or "answers") to messages."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass(frozen=True)
class ScoreResult:
    total: float | None
    band: Band | None
    safety_positive: bool
    missing: list[str] = field(default_factory=list)
    raw_total: int | None = None

    @property
    def band_code(self) -> str:
        return self.band.code if self.band else ""


def _round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def score(instrument: Instrument, answers: dict[str, int]) -> ScoreResult:
    """Score ``answers`` ({item id: option value}); raises InvalidAnswers."""
    if not isinstance(answers, dict):
        raise InvalidAnswers({"answers": _("答案格式无效。")})
    errors: dict[str, str] = {}
    known = {item.id for item in instrument.items}
    for key in answers:
        if key not in known:
            errors[str(key)] = _("该量表没有这一题。")
    asked = instrument.asked(answers)
    raw = 0
    for item in instrument.items[len(asked) :]:
        if item.id in answers:
            errors[item.id] = _("根据前面的回答,这一题不需要回答。")
        if item.scored:
            raw += min(item.values)  # a reverse item's scored values span the same range

    answered = 0
    missing: list[str] = []
    safety_positive = False
    for item in asked:
        value = answers.get(item.id)
        if value is None:
            if item.safety or not item.scored:
                errors[item.id] = _("这一题必须回答。")
            missing.append(item.id)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value not in item.values:
            errors[item.id] = _("答案超出范围:请从给出的选项中选择。")
            continue
        if item.safety and value > min(item.values):
            safety_positive = True
        if item.scored:
            answered += 1
            raw += item.scored_value(value)

    allowed_missing = instrument.max_missing if instrument.missing_method == "prorate" else 0
    if len(missing) > allowed_missing:
        for item_id in missing:
            errors.setdefault(item_id, _("这一题必须回答。"))
    if errors:
        raise InvalidAnswers(errors)

    summed = raw
    if missing:
        summed = _round_half_up(raw * len(instrument.items) / answered)
    total = float(summed * instrument.multiplier)
    return ScoreResult(
        total=total,
        band=instrument.band_for(total),
        safety_positive=safety_positive,
        missing=missing,
        raw_total=raw,
    )
