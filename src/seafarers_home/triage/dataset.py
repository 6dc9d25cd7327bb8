"""The labelled phrasings: reading and validating ``data/*.jsonl`` (pydantic).

Training files (``train_*.jsonl``, read in name order) are what the lexicon is extended from
and the classifier is fitted on. ``heldout.jsonl`` was written separately, by a writer who did
not see the lexicon or the training files; it is read only to measure
(``evaluation.py``, ``bench/triage_eval.py``), never to tune.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAINING_GLOB = "train_*.jsonl"
HELDOUT_FILE = "heldout.jsonl"
CLASSES = ("crisis", "physical", "routine")


class Phrasing(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1, max_length=2000)
    label: Literal["crisis", "physical", "routine"]
    kind: str = Field(min_length=1, max_length=40)
    lang: Literal["zh", "en"] | None = None


def read_phrasings(name: str) -> list[Phrasing]:
    path = DATA_DIR / name
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                rows.append(Phrasing.model_validate_json(line))
            except ValueError as exc:
                raise ValueError(f"{name}:{number}: {exc}") from exc
    return rows


def load_training() -> tuple[list[str], list[str]]:
    names = sorted(path.name for path in DATA_DIR.glob(TRAINING_GLOB))
    rows = [row for name in names for row in read_phrasings(name)]
    return [row.text for row in rows], [row.label for row in rows]


def load_heldout() -> list[Phrasing]:
    return read_phrasings(HELDOUT_FILE)
