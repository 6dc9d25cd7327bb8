"""Rebuild the classifier's weights from the labelled data (``manage.py train_triage``).

Deterministic: the data are read in file order, scikit-learn's lbfgs solver uses no random
state, and the numbers are rounded before they are written, so the same data give the same
file byte for byte. scikit-learn is a development dependency (the ``dev`` extra): the running
service reads only the JSON this writes.

The decision thresholds are chosen here from the TRAINING data alone (5-fold cross-validated
probabilities, folds in a fixed order): for each class, the lowest classifier threshold at which
the whole combination (lexicon, frames and classifier, ``service.text_codes``) still leaves at
least ``TARGET_SPECIFICITY`` (per class) of the routine phrasings unflagged — sensitivity
first, within a bound on false alarms. The held-out set is never read here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from seafarers_home.triage.classifier import BLOCKS, MODEL_PATH, NGRAM_RANGE, load_model
from seafarers_home.triage.dataset import CLASSES, load_training
from seafarers_home.triage.evaluation import figures
from seafarers_home.triage.frames import frames_of
from seafarers_home.triage.lexicon import match_lexicon
from seafarers_home.triage.service import codes_for_match, result_for_codes

FIGURES_PATH = MODEL_PATH.parent / "figures.json"

C = 16.0
MIN_DF = 2
# Per class: a crisis is sensitivity first (a false alarm costs a clinician minutes); a
# physical false alarm tells a seafarer to wake the master and call radio medical advice for
# seasickness, and puts the question above real emergencies, so its bar is higher.
TARGET_SPECIFICITY = {"crisis": 0.93, "physical": 0.97}
# Candidate thresholds, coarse enough that a single phrasing does not move the choice.
CANDIDATES = tuple(round(0.05 * step, 2) for step in range(2, 19))
FOLDS = 5
DECIMALS = 5


def _pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    blocks = [
        TfidfVectorizer(
            analyzer=analyser, min_df=MIN_DF, sublinear_tf=True, norm="l2", smooth_idf=True
        )
        for _prefix, analyser in BLOCKS
    ]
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    return make_pipeline(make_union(*blocks), model)


def _thresholds(texts: list[str], labels: list[str], cross: list[dict[str, float]]) -> dict:
    """Per class, the lowest candidate threshold that keeps the combination's specificity on
    the routine phrasings at or above its TARGET_SPECIFICITY (the other class held at 0.5)."""
    routine = [i for i, label in enumerate(labels) if label == "routine"]
    # The lexicon reads each text once; only the classifier's thresholds vary below.
    read = {}
    for i in routine:
        lexicon = match_lexicon(texts[i])
        read[i] = (lexicon, lexicon.urgent and bool(frames_of(texts[i])))
    chosen = {}
    for name in ("crisis", "physical"):
        for candidate in CANDIDATES:
            thresholds = {"crisis": 0.5, "physical": 0.5, name: candidate}
            flagged = sum(
                getattr(result_for_codes(codes_for_match(*read[i], cross[i], thresholds)), name)
                for i in routine
            )
            if 1 - flagged / len(routine) >= TARGET_SPECIFICITY[name]:
                chosen[name] = candidate
                break
        else:
            chosen[name] = CANDIDATES[-1]
    return chosen


def _cross_validated(texts: list[str], labels: list[str]) -> list[dict[str, float]]:
    folds: list[dict[str, float]] = [{} for _ in texts]
    for fold in range(FOLDS):
        train = [i for i in range(len(texts)) if i % FOLDS != fold]
        test = [i for i in range(len(texts)) if i % FOLDS == fold]
        pipeline = _pipeline().fit([texts[i] for i in train], [labels[i] for i in train])
        classes = list(pipeline.classes_)
        for index, row in zip(test, pipeline.predict_proba([texts[i] for i in test]), strict=True):
            folds[index] = {name: float(row[classes.index(name)]) for name in CLASSES}
    return folds


def fit_pipeline(texts: list[str], labels: list[str]) -> Any:
    """The fitted scikit-learn pipeline (the tests compare its probabilities with ours)."""
    return _pipeline().fit(texts, labels)


def fit() -> dict[str, Any]:
    """The model as the JSON-ready dictionary ``classifier.load_model`` reads."""
    return fit_with_pipeline()[0]


def fit_with_pipeline() -> tuple[dict[str, Any], Any]:
    """``fit()``'s model and the scikit-learn pipeline it was read from (the tests compare
    that pipeline's probabilities with ours without fitting it a second time)."""
    texts, labels = load_training()
    cross = _cross_validated(texts, labels)
    thresholds = _thresholds(texts, labels, cross)
    pipeline = fit_pipeline(texts, labels)
    union, model = pipeline.steps[0][1], pipeline.steps[1][1]
    order = [list(model.classes_).index(name) for name in CLASSES]
    features = {}
    offset = 0
    for (prefix, _analyser), (_name, vectoriser) in zip(
        BLOCKS, union.transformer_list, strict=True
    ):
        for gram, column in sorted(vectoriser.vocabulary_.items()):
            weights = [round(float(model.coef_[row, offset + column]), DECIMALS) for row in order]
            features[prefix + gram] = [round(float(vectoriser.idf_[column]), DECIMALS), *weights]
        offset += len(vectoriser.vocabulary_)
    model_dict = {
        "about": "Fitted by seafarers_home.triage.training from data/train_*.jsonl; do not edit.",
        "ngram_range": list(NGRAM_RANGE),
        "classes": list(CLASSES),
        "intercepts": [round(float(model.intercept_[row]), DECIMALS) for row in order],
        "thresholds": thresholds,
        "training_size": len(texts),
        "features": features,
    }
    return model_dict, pipeline


def serialise(model: dict[str, Any]) -> str:
    return json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write_model(path: Path = MODEL_PATH) -> dict[str, Any]:
    """Fit, write the weights, then measure the shipped combination on the held-out set and
    write those figures beside them (``model/figures.json``; bench/README.md quotes them)."""
    model = fit()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(serialise(model), encoding="utf-8")
    load_model.cache_clear()
    FIGURES_PATH.write_text(json.dumps(figures(), indent=1, sort_keys=True) + "\n", "utf-8")
    return model
