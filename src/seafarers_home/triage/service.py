"""Triage of a seafarer's free text, once, for every channel (DOMAIN rules 2 and 8).

``triage_text`` takes the words (and, where the channel asked it, the answer to the explicit
safety question, and the person's context from ``context.py``) and returns a ``TriageResult``:
the level (crisis / physical / routine), the codes to store, and the reasons in words a
clinician reads. It writes nothing: the caller's action stores the codes and raises the crisis
alert in its own transaction, as the message board does.

How the parts combine — sensitivity first:
- crisis when the lexicon fires a mental-health rule, OR the classifier's crisis probability
  reaches its threshold, OR the person answered "yes" to the safety question;
- physical when the lexicon fires a physical rule OR the classifier's physical probability
  reaches its threshold;
- a frame (``frames.py``: a film or the news, a prevention or first-aid question, an episode
  long over, pests) discounts the lexicon's hit only when the classifier too puts that risk
  below ``FRAME_DISCOUNT_BELOW`` — a frame alone never silences a crisis statement;
- context (a positive PHQ-9 item 9, a recent crisis alert) makes an otherwise ordinary text
  urgent (top of the clinicians' queue) without calling it a crisis statement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from seafarers_home.triage.classifier import load_model, probabilities
from seafarers_home.triage.context import CONTEXT_LABELS
from seafarers_home.triage.frames import frames_of
from seafarers_home.triage.lexicon import RULES_BY_CODE, LexiconResult, match_lexicon
from seafarers_home.triage.rules import MENTAL, PHYSICAL

CRISIS = "crisis"
PHYSICAL_EMERGENCY = "physical"
ROUTINE = "routine"

CLASSIFIER_CRISIS = "classifier_crisis"
CLASSIFIER_PHYSICAL = "classifier_physical"
SAFETY_QUESTION_YES = "safety_question_yes"

# Codes that are not lexicon rules, with what the clinician reads for them.
OTHER_LABELS = {
    CLASSIFIER_CRISIS: _("文字整体判断为心理危机(分类模型)"),
    CLASSIFIER_PHYSICAL: _("文字整体判断为身体急症(分类模型)"),
    SAFETY_QUESTION_YES: _("本人回答最近有伤害自己或结束生命的想法"),
}
# Well under either decision threshold: the classifier must find the text clearly ordinary.
FRAME_DISCOUNT_BELOW = 0.2

_MENTAL_CODES = {CLASSIFIER_CRISIS, SAFETY_QUESTION_YES}
_PHYSICAL_CODES = {CLASSIFIER_PHYSICAL}


@dataclass(frozen=True)
class TriageResult:
    codes: list[str] = field(default_factory=list)
    crisis: bool = False
    physical: bool = False
    # Context alone (no crisis wording): urgent for the queue, no new crisis alert.
    context: bool = False
    # The words themselves (lexicon or classifier) read as a crisis, not only the answer.
    text_crisis: bool = False
    scores: dict[str, float] = field(default_factory=dict)

    @property
    def level(self) -> str:
        if self.crisis:
            return CRISIS
        if self.physical:
            return PHYSICAL_EMERGENCY
        return ROUTINE

    @property
    def urgent(self) -> bool:
        return self.crisis or self.physical or self.context

    # The message board's names for the same facts (stored codes are read back this way).
    @property
    def mental(self) -> bool:
        return self.crisis

    @property
    def reasons(self) -> list[str]:
        return [reason_label(code) for code in self.codes]


def reason_label(code: str) -> str:
    """What a clinician reads for a stored code; an unknown code is shown as it is."""
    if code in RULES_BY_CODE:
        return str(RULES_BY_CODE[code].label)
    label = OTHER_LABELS.get(code) or CONTEXT_LABELS.get(code)
    return str(label) if label is not None else code


def result_for_codes(codes: Iterable[str]) -> TriageResult:
    """The result for codes stored earlier (e.g. ``Question.red_flags``)."""
    known = [code for code in codes if isinstance(code, str)]
    kinds = {RULES_BY_CODE[code].kind for code in known if code in RULES_BY_CODE}
    return TriageResult(
        codes=known,
        crisis=MENTAL in kinds or bool(_MENTAL_CODES.intersection(known)),
        physical=PHYSICAL in kinds or bool(_PHYSICAL_CODES.intersection(known)),
        context=bool(CONTEXT_LABELS.keys() & set(known)),
    )


def text_codes(
    text: str | None, scores: dict[str, float], thresholds: dict[str, float]
) -> list[str]:
    """The codes the words themselves earn: the lexicon's rules (less those a frame discounts
    while the classifier agrees the risk is low) and the classifier's own verdicts. Pure, so
    that fitting (``training.py``) chooses thresholds with exactly this combination."""
    lexicon = match_lexicon(text)
    return codes_for_match(lexicon, lexicon.urgent and bool(frames_of(text)), scores, thresholds)


def codes_for_match(
    lexicon: LexiconResult, framed: bool, scores: dict[str, float], thresholds: dict[str, float]
) -> list[str]:
    """``text_codes`` once the lexicon has read the text (``framed``: it is urgent and a frame
    such as a film or the news surrounds it). Training tries many thresholds on the same texts
    and reads each text once."""
    discounted: set[str] = set()
    if framed:
        if lexicon.mental and scores["crisis"] < FRAME_DISCOUNT_BELOW:
            discounted.add(MENTAL)
        if lexicon.physical and scores["physical"] < FRAME_DISCOUNT_BELOW:
            discounted.add(PHYSICAL)
    codes = [code for code in lexicon.codes if RULES_BY_CODE[code].kind not in discounted]
    if scores["crisis"] >= thresholds["crisis"]:
        codes.append(CLASSIFIER_CRISIS)
    if scores["physical"] >= thresholds["physical"]:
        codes.append(CLASSIFIER_PHYSICAL)
    return codes


def triage_text(
    text: str | None,
    *,
    safety_answer: str = "",
    context: Iterable[str] = (),
) -> TriageResult:
    """Triage ``text``. ``safety_answer`` is "yes", "no" or "" (not asked / not answered);
    ``context`` the codes from ``context.crisis_context`` for the person who wrote it."""
    model = load_model()
    scores = probabilities(text, model)
    codes = text_codes(text, scores, model.thresholds)
    text_result = result_for_codes(codes)
    if safety_answer == "yes":
        codes.append(SAFETY_QUESTION_YES)
    context_codes = [code for code in context if code in CONTEXT_LABELS]
    codes.extend(context_codes)
    return TriageResult(
        codes=codes,
        crisis=text_result.crisis or safety_answer == "yes",
        physical=text_result.physical,
        context=bool(context_codes),
        text_crisis=text_result.crisis,
        scores={name: round(value, 4) for name, value in scores.items()},
    )
