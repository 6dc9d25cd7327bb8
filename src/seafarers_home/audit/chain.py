"""The keyed hash chain of the audit trail and its verification against checkpoints.

Why a key: a plain SHA-256 chain can be recomputed by anyone who can write the table (edit a
row, rehash every later row, move the head). Each row's hash is an HMAC-SHA256 under
``AUDIT_HMAC_KEY``, which lives in the environment of the app and the worker and never in the
database, so a database writer without it cannot make a changed row verify.

Why checkpoints: a prefix of a keyed chain is still a valid keyed chain, so deleting the newest
rows and moving the head back would pass. Signed checkpoints of the head, written outside the
database (``audit/checkpoints.py``), pin how far the chain had reached; the verifier fails a
chain that disagrees with a checkpoint or ends before the last one.

The verifier walks rows in chain order (``chain_seq``: the order the chaining step linked them,
which is commit order, not always id order; rows chained before issue 20 are numbered in id
order). Rows still waiting to be chained (``audit/chaining.py``) are checked against their
``seal``, an HMAC of their content written with them; the report counts them, and a row left
pending for more than AUDIT_PENDING_MAX_MINUTES is a finding (the chaining step is not running).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from seafarers_home.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
ROW_DOMAIN = b"audit-row:"
SEAL_DOMAIN = b"audit-seal:"


def audit_key() -> bytes:
    """The chain key. Without ``AUDIT_HMAC_KEY`` a key is derived from SECRET_KEY, which is
    good enough on a developer's machine; the system check audit E061 refuses it in
    production, where SECRET_KEY must stay rotatable without breaking the trail."""
    configured = settings.AUDIT_HMAC_KEY
    if configured:
        return configured.encode("utf-8")
    return hashlib.sha256(("audit-chain:" + settings.SECRET_KEY).encode("utf-8")).digest()


def canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def row_payload(event: Any) -> dict[str, Any]:
    """The fields a row's hash covers (works on historical models in migrations too)."""
    return {
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_label": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "purpose": event.purpose,
        "ip": event.ip_address,
        "detail": event.detail,
        "prev": event.prev_hash,
    }


def compute_hash(event: Any, key: bytes | None = None) -> str:
    message = ROW_DOMAIN + canonical(row_payload(event))
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


def compute_seal(event: Any, key: bytes | None = None) -> str:
    """The HMAC of a row's content alone (no link), written with the row so that it is
    tamper-evident before it is chained."""
    content = row_payload(event)
    del content["prev"]
    message = SEAL_DOMAIN + canonical(content)
    return hmac.new(key or audit_key(), message, hashlib.sha256).hexdigest()


def seal_matches(event: AuditEvent, key: bytes) -> bool:
    return bool(event.seal) and hmac.compare_digest(compute_seal(event, key), event.seal)


@dataclass(frozen=True)
class Checkpoint:
    """One signed statement "at ``at`` the chain had ``rows`` rows ending in row ``row``
    whose hash was ``head``" (row 0 and the genesis hash for an empty trail)."""

    seq: int
    row: int
    rows: int
    head: str
    at: str
    prev: str
    mac: str

    def fields(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "row": self.row,
            "rows": self.rows,
            "head": self.head,
            "at": self.at,
            "prev": self.prev,
        }


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""
    checkpoints: int = 0
    # Rows not chained yet (counted in ``checked`` when their seal verified).
    pending: int = 0

    @property
    def ok(self) -> bool:
        return not self.reason


class ChainBroken(Exception):
    def __init__(self, event_id: int | None, reason: str) -> None:
        super().__init__(reason)
        self.event_id = event_id
        self.reason = reason


def _walk(
    events: Iterable[AuditEvent], previous: str, key: bytes
) -> Iterator[tuple[AuditEvent, str]]:
    """Yield (row, its hash) for rows whose link and keyed hash are right; raise ChainBroken at
    the first wrong one (a chained row without a hash included)."""
    for event in events:
        if event.prev_hash != previous:
            raise ChainBroken(event.pk, "prev_hash does not match the previous row")
        if event.hash is None or not hmac.compare_digest(compute_hash(event, key), event.hash):
            raise ChainBroken(event.pk, "row content does not match its hash")
        previous = event.hash
        yield event, previous


def verify_chain(
    batch_size: int = 2000,
    checkpoints: list[Checkpoint] | None = None,
    checkpoint_path: Path | str | None = None,
) -> ChainReport:
    """Walk the whole trail in chain order under the key; report the first row whose link or
    hash is wrong, a row that disagrees with a checkpoint, or a trail that ends before the
    newest checkpoint. Checkpoints come from ``checkpoint_path`` (default: the setting).
    Then the pending tail: each row's seal, and how long the oldest has waited."""
    key = audit_key()
    if checkpoints is None:
        try:
            checkpoints = checkpoint_file.read_checkpoints(checkpoint_path, key)
        except checkpoint_file.CheckpointFileError as exc:
            return ChainReport(0, None, f"checkpoint file: {exc}")
    pending = list(checkpoints)
    checked = 0
    previous = GENESIS_HASH
    last_id = 0
    events = (
        AuditEvent.objects.filter(chain_seq__isnull=False)
        .order_by("chain_seq")
        .iterator(chunk_size=batch_size)
    )
    try:
        # Checkpoints of the empty trail.
        while pending and pending[0].rows == 0:
            _check_reached(pending.pop(0), last_id, previous, checked)
        for event, previous in _walk(events, GENESIS_HASH, key):
            checked += 1
            last_id = event.pk
            # A checkpoint's ``rows`` is the position of the row it signed.
            while pending and pending[0].rows <= checked:
                _check_reached(pending.pop(0), last_id, previous, checked)
    except ChainBroken as broken:
        return ChainReport(checked, broken.event_id, broken.reason, len(checkpoints))
    finally:
        # Close the server-side cursor now (PostgreSQL), not when the generator is collected
        # in some later transaction.
        events.close()  # type: ignore[attr-defined]  # the stub says Iterator; it is a generator
    if pending:
        newest = pending[-1]
        return ChainReport(
            checked,
            newest.row,
            f"the trail ends before checkpoint {newest.seq} of {newest.at} "
            f"(rows removed or the head moved back)",
            len(checkpoints),
        )
    waiting, broken_id, reason = _verify_pending(key, batch_size)
    if reason:
        return ChainReport(checked + waiting, broken_id, reason, len(checkpoints), waiting)
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        return ChainReport(
            checked + waiting,
            head.last_event_id,
            "rows after the last one were removed",
            len(checkpoints),
            waiting,
        )
    return ChainReport(checked + waiting, None, "", len(checkpoints), waiting)


def _verify_pending(key: bytes, batch_size: int) -> tuple[int, int | None, str]:
    """(rows verified, broken row, reason) of the rows not chained yet: each must carry the
    seal of its content, and none may have waited longer than AUDIT_PENDING_MAX_MINUTES."""
    events = (
        AuditEvent.objects.filter(chain_seq__isnull=True)
        .order_by("id")
        .iterator(chunk_size=batch_size)
    )
    waiting, oldest = 0, None
    try:
        for event in events:
            if not seal_matches(event, key):
                return waiting, event.pk, "row content does not match its hash"
            waiting += 1
            if oldest is None or event.at < oldest.at:
                oldest = event
    finally:
        events.close()  # type: ignore[attr-defined]  # the stub says Iterator; it is a generator
    limit = timezone.now() - datetime.timedelta(minutes=settings.AUDIT_PENDING_MAX_MINUTES)
    if oldest is not None and oldest.at < limit:
        return (
            waiting,
            oldest.pk,
            f"{waiting} rows are waiting to be chained, the oldest since "
            f"{oldest.at.isoformat()} (is the chaining step running?)",
        )
    return waiting, None, ""


def _check_reached(checkpoint: Checkpoint, row: int, head: str, rows: int) -> None:
    """The walk has reached ``checkpoint.row``: the row there must be the one it signed."""
    if checkpoint.row != row or checkpoint.head != head or checkpoint.rows != rows:
        raise ChainBroken(
            checkpoint.row or None,
            f"the chain disagrees with checkpoint {checkpoint.seq} of {checkpoint.at}",
        )


def verify_since(
    checkpoint: Checkpoint | None, up_to_seq: int, batch_size: int = 2000
) -> tuple[int, int, str]:
    """Verify only the chained rows after ``checkpoint`` up to chain position ``up_to_seq``
    (the checkpoint writer's incremental check). Returns (rows, head row id, head hash);
    raises ChainBroken."""
    key = audit_key()
    start_seq, start_id, previous = 0, 0, GENESIS_HASH
    if checkpoint is not None:
        start_seq, start_id, previous = checkpoint.rows, checkpoint.row, checkpoint.head
        if checkpoint.row:
            anchor = AuditEvent.objects.filter(pk=checkpoint.row).first()
            if anchor is None or anchor.hash != checkpoint.head or anchor.chain_seq != start_seq:
                raise ChainBroken(
                    checkpoint.row,
                    f"the chain disagrees with checkpoint {checkpoint.seq} of {checkpoint.at}",
                )
    rows, last_id = start_seq, start_id
    events = (
        AuditEvent.objects.filter(chain_seq__gt=start_seq, chain_seq__lte=up_to_seq)
        .order_by("chain_seq")
        .iterator(chunk_size=batch_size)
    )
    try:
        for event, event_hash in _walk(events, previous, key):
            rows += 1
            previous, last_id = event_hash, event.pk
    finally:
        events.close()  # type: ignore[attr-defined]  # the stub says Iterator; it is a generator
    return rows, last_id, previous


# At the end: the checkpoint file builds on this module's names, and verify_chain reads it.
from seafarers_home.audit import checkpoints as checkpoint_file  # noqa: E402
