"""The learned second opinion: our pure-Python inference is scikit-learn's arithmetic, the
shipped weights are exactly what the training script rebuilds from the data, and the recorded
held-out figures are what those weights give."""

from __future__ import annotations

import json

import pytest

from seafarers_home.triage.classifier import MODEL_PATH, Model, analyse, load_model, probabilities
from seafarers_home.triage.dataset import CLASSES, load_heldout, load_training
from seafarers_home.triage.evaluation import figures

training = pytest.importorskip("seafarers_home.triage.training")

# Pure computation (~30 s of fitting), no database: CI runs it in one of its two suites only
# (SKIP_DATABASE_FREE_TESTS, tests/conftest.py).


def _model(raw: dict) -> Model:
    return Model(
        classes=tuple(raw["classes"]),
        intercepts=tuple(raw["intercepts"]),
        features={gram: (row[0], tuple(row[1:])) for gram, row in raw["features"].items()},
        thresholds=raw["thresholds"],
    )


@pytest.fixture(scope="module")
def rebuilt() -> tuple[dict, object]:
    """The model the training script rebuilds, and the pipeline it was read from (one fit)."""
    return training.fit_with_pipeline()


@pytest.mark.slow
def test_the_shipped_weights_are_what_the_script_rebuilds_from_the_data(rebuilt) -> None:
    model, _pipeline = rebuilt
    assert training.serialise(model) == MODEL_PATH.read_text(encoding="utf-8")
    texts, _labels = load_training()
    assert model["training_size"] == len(texts) >= 1500


@pytest.mark.slow
def test_our_arithmetic_matches_scikit_learn(rebuilt) -> None:
    _model_dict, pipeline = rebuilt
    probe = [row.text for row in load_heldout()[:60]] + ["", "😭", "ＡＢＣ 想死"]
    ours = [probabilities(text, load_model()) for text in probe]
    order = list(pipeline.classes_)
    for text, mine, theirs in zip(probe, ours, pipeline.predict_proba(probe), strict=True):
        for name in CLASSES:
            assert mine[name] == pytest.approx(theirs[order.index(name)], abs=2e-3), text


def test_the_recorded_held_out_figures_are_what_the_weights_give() -> None:
    recorded = json.loads((MODEL_PATH.parent / "figures.json").read_text(encoding="utf-8"))
    assert figures() == recorded
    # Every detector is measured; the combination is never worse than either part alone.
    combined, lexicon, learned = recorded["combined"], recorded["lexicon"], recorded["classifier"]
    assert combined["crisis_sensitivity"] >= max(
        lexicon["crisis_sensitivity"], learned["crisis_sensitivity"]
    )
    assert combined["physical_sensitivity"] >= 90.0


def test_the_features_ignore_spacing_and_punctuation_but_keep_telling_emoji() -> None:
    assert analyse("想 死!!") == analyse("想死")
    assert "🔪" in analyse("🔪又来了")
    assert analyse(None) == []
