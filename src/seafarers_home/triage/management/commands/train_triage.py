"""Rebuild the triage classifier's weights from data/train_*.jsonl (needs the dev extra)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from seafarers_home.triage.classifier import MODEL_PATH, load_model


class Command(BaseCommand):
    help = "Fit the triage classifier on the training phrasings and write model/classifier.json."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            from seafarers_home.triage.training import write_model

            model = write_model()
        except ImportError as exc:
            raise CommandError(
                "scikit-learn is needed to fit the model: pip install -e '.[dev]'"
            ) from exc
        load_model.cache_clear()
        self.stdout.write(
            f"{MODEL_PATH}: {len(model['features'])} features from {model['training_size']} "
            f"phrasings; thresholds {model['thresholds']}"
        )
