"""Idempotent submissions: one key, one payload, one row, one "created".

A client sends a key with each submission (the API's ``Idempotency-Key`` header, a form's
hidden field) and repeats it after a dropped satellite link. The row made by the first request
stores the key and a digest of what was asked (``payload_hash``). Then:

- the same key with the same payload returns the stored row, ``created`` False (API: 200);
- the same key with a different payload raises ``IdempotencyConflict`` (API: 422
  ``idempotency_conflict``) — a resend may not quietly change a number or a choice;
- of requests racing with one key, exactly one creates (the unique constraint on the key
  decides) and every other one sees that row: one 201, the rest 200.

Rows stored before their table had a digest (``payload_hash`` empty) are taken as matching.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from seafarers_home.lib.one_row import one_or_none

T = TypeVar("T", bound=models.Model)

CONFLICT_MESSAGE = _("这个 Idempotency-Key 已用于另一份不同的内容。")
# The same on a page: the form's hidden key was sent before with other values (the back button).
FORM_CONFLICT_MESSAGE = _("这份表单已经提交过,内容与这次不同。请刷新页面后重新填写。")


class IdempotencyConflict(Exception):
    """The key was already used for a different payload; nothing was written."""


def payload_digest(payload: Any) -> str:
    """A stable digest of a JSON-like payload (dates and other values by their str()). Keyed,
    so that the digest of a short free text (a booking's reason, stored encrypted) cannot be
    matched against guesses."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return salted_hmac("idempotency-payload", body, algorithm="sha256").hexdigest()


def mark_replay(row: T) -> T:
    """Mark ``row`` as answered from an earlier request, for services that return the row
    only (the screening and message-board APIs read it with ``was_replayed``)."""
    row._idempotent_replay = True  # type: ignore[attr-defined]
    return row


def was_replayed(row: models.Model) -> bool:
    return bool(getattr(row, "_idempotent_replay", False))


def _stored_digest(row: models.Model) -> str:
    return getattr(row, "payload_hash", "")


def find_replay(
    rows: models.QuerySet[T],
    key: str,
    digest: str,
    *,
    digest_of: Callable[[T], str] = _stored_digest,
) -> T | None:
    """The row an earlier request with ``key`` made (``rows`` is already the client's own),
    or None. Raises ``IdempotencyConflict`` when that request asked for something else.

    ``digest_of`` reads the earlier request's digest from its row: the stored ``payload_hash``
    by default; a table without that column recomputes it from the row's fields."""
    if not key:
        return None
    found = one_or_none(rows.filter(idempotency_key=key))  # the key is unique per client
    if found is None:
        return None
    stored = digest_of(found)
    if stored and stored != digest:
        raise IdempotencyConflict(key)
    return found


def create_once(
    rows: models.QuerySet[T],
    key: str,
    digest: str,
    create: Callable[[], T],
    *,
    digest_of: Callable[[T], str] = _stored_digest,
) -> tuple[T, bool]:
    """``(row, created)``: the row an earlier request with ``key`` made, or ``create()``'s.

    The one way every service is idempotent: no service asks "was this a replay?" on its own.
    ``create`` writes the row with ``idempotency_key=key`` (and ``payload_hash=digest`` where
    the table has it, and anything else of the request: audit, tasks) and runs in a
    savepoint, so that losing the race on the key's unique constraint rolls back only its own
    writes; the winner's row then answers, or ``IdempotencyConflict`` when the winner asked
    for something else. ``create`` may raise the service's own refusals (nothing is written);
    a refusal or an IntegrityError with no row of the key propagates. An empty key always
    creates."""
    earlier = find_replay(rows, key, digest, digest_of=digest_of)
    if earlier is not None:
        return earlier, False
    try:
        with transaction.atomic():
            return create(), True
    except Exception:
        # A copy of this request may have won meanwhile: the key's unique constraint refused
        # this one (IntegrityError), or the winner's effect made create() refuse (a slot
        # booked under a row lock this copy waited on). Its row answers; if there is none,
        # the refusal was this request's own.
        earlier = find_replay(rows, key, digest, digest_of=digest_of)
        if earlier is None:
            raise
        return earlier, False
