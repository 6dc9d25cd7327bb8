"""The learned second opinion: a linear classifier over character n-grams of the normalised text
and, for Latin-script writing, its words and word pairs.

Fitted by ``training.py`` (scikit-learn's TF-IDF and multinomial logistic regression) on the
team's labelled phrasings in ``data/train_*.jsonl`` and shipped as plain numbers in
``model/classifier.json``, so the running service needs neither scikit-learn nor numpy nor any
download: inference is the same arithmetic in a few lines of Python (per block of features:
sub-linear term frequency × idf and an L2 norm, as scikit-learn's FeatureUnion of two TF-IDF
vectorisers; then a dot product per class and softmax). ``tests/triage/test_classifier.py`` checks
that this arithmetic and scikit-learn's agree and that the weights rebuild from the data.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from seafarers_home.triage.normalise import normalise, words

MODEL_PATH = Path(__file__).resolve().parent / "model" / "classifier.json"
NGRAM_RANGE = (1, 4)
# Emoji people put beside the words they mean (a knife, pills, a rope, the sea, a skull) are
# kept as characters; every other symbol and punctuation mark is a word boundary.
_CJK_GAP = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")
_SIGNAL_SYMBOLS = frozenset("🔪💊🪢🌊💀☠⚰🙏😭😢😔💔✌")


def analyse(text: str | None) -> list[str]:
    """The features of a text: character n-grams of its normalised form in which every run of
    characters that are not letters, digits or telling emoji is one space (so punctuation and
    spacing do not change the features). Used identically when fitting and when predicting."""
    kept = "".join(
        ch if unicodedata.category(ch)[0] in "LN" or ch in _SIGNAL_SYMBOLS else " "
        for ch in normalise(text)
    )
    # A space between two Chinese characters is a disguise ("想 死"), not a word boundary.
    flat = _CJK_GAP.sub("", " " + " ".join(kept.split()) + " ")
    low, high = NGRAM_RANGE
    grams: list[str] = []
    for size in range(low, high + 1):
        grams.extend(flat[i : i + size] for i in range(len(flat) - size + 1))
    return [gram for gram in grams if gram.strip()]


def analyse_words(text: str | None) -> list[str]:
    """The second block: Latin words and word pairs ("end it", "the rail"), which character
    n-grams see only in pieces. Chinese is left to the character block."""
    tokens = words(text).split()
    return tokens + [f"{first} {second}" for first, second in pairwise(tokens)]


# Each block: its analyser and the prefix its features carry in the shipped JSON.
BLOCKS = (("c:", analyse), ("w:", analyse_words))


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    # feature -> (idf, weight per class)
    features: dict[str, tuple[float, tuple[float, ...]]]
    thresholds: dict[str, float]


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> Model:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        classes=tuple(raw["classes"]),
        intercepts=tuple(raw["intercepts"]),
        features={gram: (row[0], tuple(row[1:])) for gram, row in raw["features"].items()},
        thresholds=dict(raw["thresholds"]),
    )


def probabilities(text: str | None, model: Model | None = None) -> dict[str, float]:
    """P(class | text) for each class of the model."""
    model = model or load_model()
    logits = list(model.intercepts)
    for prefix, analyser in BLOCKS:
        counts = Counter(
            key for key in (prefix + gram for gram in analyser(text)) if key in model.features
        )
        weighted = {key: (1 + math.log(n)) * model.features[key][0] for key, n in counts.items()}
        norm = math.sqrt(sum(value * value for value in weighted.values())) or 1.0
        for key, value in weighted.items():
            for index, weight in enumerate(model.features[key][1]):
                logits[index] += weight * value / norm
    top = max(logits)
    exps = [math.exp(logit - top) for logit in logits]
    total = sum(exps)
    return {name: exp / total for name, exp in zip(model.classes, exps, strict=True)}
