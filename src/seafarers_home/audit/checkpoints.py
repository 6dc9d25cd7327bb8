"""Signed checkpoints of the audit chain's head, appended to a file outside the database.

One JSON line per checkpoint: ``seq`` (1, 2, ...), ``row`` (id of the head row, 0 for an
empty trail), ``rows`` (rows in the chain up to it, which is the head row's ``chain_seq``;
rows are chained in commit order, so ``row`` may go down from one checkpoint to the next while
``rows`` never does), ``head`` (its hash), ``at`` (UTC),
``prev`` (the previous line's ``mac``) and ``mac``: HMAC-SHA256 under the audit key over the
other fields. Linking the lines means a line cannot be dropped from the middle or reordered
without the key. The file is only ever appended to (O_APPEND, fsync, an exclusive lock so the
worker and cron never interleave), and every line is also logged to the
``seafarers_home.audit.checkpoints`` logger so that syslog or journald can carry a copy off
the server, where a database writer cannot reach it (README, "Audit trail").
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from seafarers_home.audit.chain import (
    GENESIS_HASH,
    Checkpoint,
    audit_key,
    canonical,
    verify_since,
)
from seafarers_home.audit.chaining import chain_pending
from seafarers_home.audit.models import AuditEvent

logger = logging.getLogger("seafarers_home.audit.checkpoints")
CHECKPOINT_DOMAIN = b"audit-checkpoint:"


class CheckpointFileError(Exception):
    """The checkpoint file itself was edited, truncated in the middle or signed with
    another key."""


def checkpoint_path(path: Path | str | None = None) -> Path:
    return Path(path or settings.AUDIT_CHECKPOINT_PATH)


def sign(fields: dict[str, object], key: bytes) -> str:
    return hmac.new(key, CHECKPOINT_DOMAIN + canonical(fields), hashlib.sha256).hexdigest()


def _parse(line: str, number: int) -> Checkpoint:
    try:
        data = json.loads(line)
        checkpoint = Checkpoint(
            seq=int(data["seq"]),
            row=int(data["row"]),
            rows=int(data["rows"]),
            head=str(data["head"]),
            at=str(data["at"]),
            prev=str(data["prev"]),
            mac=str(data["mac"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointFileError(f"line {number} is not a checkpoint ({exc})") from exc
    return checkpoint


def read_checkpoints(path: Path | str | None = None, key: bytes | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file, each checked: its signature, its link to the line before,
    its sequence number, and a head that never moves backwards. A missing file is no
    checkpoints (a new site); raises CheckpointFileError otherwise."""
    key = key or audit_key()
    file = checkpoint_path(path)
    if not file.exists():
        return []
    checkpoints: list[Checkpoint] = []
    previous_mac = GENESIS_HASH
    with file.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            checkpoint = _parse(line, number)
            if not hmac.compare_digest(sign(checkpoint.fields(), key), checkpoint.mac):
                raise CheckpointFileError(
                    f"line {number} has a wrong signature (edited, or signed with another key)"
                )
            before = checkpoints[-1] if checkpoints else None
            if checkpoint.prev != previous_mac or checkpoint.seq != len(checkpoints) + 1:
                raise CheckpointFileError(
                    f"line {number} does not follow the line before (lines removed or reordered)"
                )
            if before is not None and checkpoint.rows < before.rows:
                raise CheckpointFileError(f"line {number} moves the head backwards")
            checkpoints.append(checkpoint)
            previous_mac = checkpoint.mac
    return checkpoints


def write_checkpoint(path: Path | str | None = None, now: datetime | None = None) -> Checkpoint:
    """Verify the rows added since the last checkpoint and append a checkpoint of the head.

    Raises ChainBroken (nothing written) if those rows or the last checkpoint's row are wrong:
    a checkpoint must never vouch for a forged chain. Only the new rows are walked, so a
    checkpoint every few minutes stays cheap on a trail of millions of rows. Committed rows
    still pending are chained first, so the checkpoint reaches them.
    """
    chain_pending()
    key = audit_key()
    file = checkpoint_path(path)
    file.parent.mkdir(parents=True, exist_ok=True)
    with file.open("a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        existing = read_checkpoints(file, key)
        last = existing[-1] if existing else None
        up_to = AuditEvent.objects.aggregate(top=Max("chain_seq"))["top"] or 0
        rows, row, head = verify_since(last, up_to)
        fields: dict[str, object] = {
            "seq": (last.seq + 1) if last else 1,
            "row": row,
            "rows": rows,
            "head": head,
            "at": (now or timezone.now()).astimezone(UTC).isoformat(),
            "prev": last.mac if last else GENESIS_HASH,
        }
        mac = sign(fields, key)
        line = json.dumps({**fields, "mac": mac}, sort_keys=True, separators=(",", ":"))
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    logger.info("audit checkpoint %s", line)
    return Checkpoint(mac=mac, **fields)  # type: ignore[arg-type]
