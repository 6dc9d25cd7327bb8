"""The refusals of the jobs actions: each carries translated words for the page."""

from __future__ import annotations


class JobInvalid(ValueError):
    """Bad input; ``errors`` maps a field to a translated message. Nothing was stored."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class Refused(Exception):
    """The request cannot be granted as things stand (the message says why); nothing changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
