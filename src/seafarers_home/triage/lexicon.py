"""The red-flag lexicon: which rules a text fires (``rules_mental.py``, ``rules_physical.py``).

How text is matched: Chinese patterns run on the compact form of the normalised text, English
patterns on its words form (``normalise.py``). Exclusions are masked first — shared ones
(``rules.ZH_EXCLUSIONS``) and the rule's own — so the words inside an excluded span do not fire
while the rest of the text is still read ("累死了,不想活了" fires on 不想活).

To add wording: add a pattern to a rule (or a new rule), a phrasing to the positive table and a
near miss to the negative table in ``tests/triage/test_lexicon.py``, add labelled phrasings to
``data/train_*.jsonl``, and rebuild the classifier (``manage.py train_triage``). Never tune on
``data/heldout.jsonl``: it is the measure (``bench/triage_eval.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seafarers_home.triage.normalise import compact, words
from seafarers_home.triage.rules import EN_EXCLUSIONS, MENTAL, PHYSICAL, ZH_EXCLUSIONS, Rule
from seafarers_home.triage.rules_mental import MENTAL_RULES
from seafarers_home.triage.rules_physical import PHYSICAL_RULES

RULES: tuple[Rule, ...] = MENTAL_RULES + PHYSICAL_RULES
RULES_BY_CODE = {rule.code: rule for rule in RULES}

_MASK = "\u2591"  # a placeholder that is neither a letter nor a word character's neighbour


@dataclass(frozen=True)
class LexiconResult:
    codes: list[str] = field(default_factory=list)
    mental: bool = False
    physical: bool = False

    @property
    def urgent(self) -> bool:
        return self.mental or self.physical


def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None


_ZH_EXCLUSION_RE = _alternation(ZH_EXCLUSIONS)
_EN_EXCLUSION_RE = _alternation(EN_EXCLUSIONS)
_COMPILED = tuple(
    (
        rule,
        _alternation(rule.zh),
        _alternation(rule.en),
        _alternation(rule.zh_exclusions),
        _alternation(rule.en_exclusions),
    )
    for rule in RULES
)


def _mask(pattern: re.Pattern[str] | None, text: str, filler: str) -> str:
    return pattern.sub(filler, text) if pattern is not None else text


def match_lexicon(text: str | None) -> LexiconResult:
    """The rules the text fires, in the order of ``RULES``."""
    zh_text = _mask(_ZH_EXCLUSION_RE, compact(text), _MASK)
    # Masked English spans become a space-separated marker, keeping word boundaries.
    en_text = _mask(_EN_EXCLUSION_RE, words(text), " _ ")
    codes: list[str] = []
    for rule, zh, en, zh_exclusion, en_exclusion in _COMPILED:
        zh_hit = zh is not None and zh.search(_mask(zh_exclusion, zh_text, _MASK))
        en_hit = en is not None and en.search(_mask(en_exclusion, en_text, " _ "))
        if zh_hit or en_hit:
            codes.append(rule.code)
    return result_for_codes(codes)


def result_for_codes(codes: list[str]) -> LexiconResult:
    """The result for stored rule codes; codes that are not lexicon rules are ignored."""
    known = [code for code in codes if code in RULES_BY_CODE]
    kinds = {RULES_BY_CODE[code].kind for code in known}
    return LexiconResult(codes=known, mental=MENTAL in kinds, physical=PHYSICAL in kinds)
