"""Linking audit rows into the keyed chain after their transactions commit (issue 20 item 2).

``record_audit`` writes a row *pending*: sealed (an HMAC of its content under the audit key) but
with no place in the chain yet, so that an audited write takes no lock shared with other
writers and holds nothing until its commit. ``chain_pending`` then links committed pending rows
in a short transaction of its own: it locks the head row, reads the pending rows (only committed
ones are visible to it), gives each the next position (``chain_seq``), the previous row's hash
and its keyed hash, and moves the head.

Order and exactly once: the chain is in the order rows are linked, which is commit order as the
chaining step sees it, and id order within one step. A row whose transaction took a lower id but
committed after a higher one simply gets a later position. The head lock serialises chaining
steps; each step reads the pending rows after taking it (a fresh snapshot per statement under
READ COMMITTED; SQLite takes its write lock at BEGIN), and the update touches only rows still
pending (the database refuses any other update of an audit row, migration 0005).

Who runs it: the transaction that wrote audit rows, once, right after it commits
(``transaction.on_commit``), or with AUDIT_CHAIN_IN_BACKGROUND the process's chaining thread,
woken by that commit, for all the rows committed within AUDIT_CHAIN_COALESCE_SECONDS
(``background_chaining.py``); the worker every AUDIT_CHAIN_SWEEP_SECONDS as the safety net for
a process that stopped between its commit and its chaining (``audit/periodic_jobs.py``); and every
checkpoint before it signs the head. On PostgreSQL a step that finds the head locked by another
does not wait (SKIP LOCKED): the holder looks for pending rows again after it commits, so a row
committed while it worked is not left behind, and no request queues behind another's chaining.

A pending row whose seal does not match its content is never chained (a checkpoint must never
vouch for a changed row): the step stops before it and logs an error; the verifier reports it.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction

from seafarers_home.audit.background_chaining import wake_chainer
from seafarers_home.audit.chain import GENESIS_HASH, audit_key, compute_hash, seal_matches
from seafarers_home.audit.models import AuditChainHead, AuditEvent

logger = logging.getLogger("seafarers_home.audit")

BATCH_SIZE = 500
# Rounds one call makes while rows keep arriving; past it the next writer or the sweep goes on.
MAX_ROUNDS = 20
SQLITE_LOCK_RETRIES = 50

UPDATE_SQL = (
    "UPDATE {table} SET prev_hash = %s, hash = %s, chain_seq = %s "
    "WHERE id = %s AND chain_seq IS NULL"
)


def chain_after_commit() -> None:
    """Register one chaining step for after the current transaction commits (once per
    transaction, however many rows it writes); without a transaction, chain now. With
    AUDIT_CHAIN_IN_BACKGROUND the step is the process's chaining thread's, woken at commit
    (background_chaining.py)."""
    step = _wake_chainer if settings.AUDIT_CHAIN_IN_BACKGROUND else _chain_after_commit
    if connection.in_atomic_block and any(entry[1] is step for entry in connection.run_on_commit):
        return
    transaction.on_commit(step, robust=True)


def _wake_chainer() -> None:
    wake_chainer(chain_pending)


def _chain_after_commit() -> None:
    try:
        chain_pending()
    except Exception:
        # The write has committed; its row stays pending until the next step or the sweep.
        logger.exception("chaining audit rows after commit failed")


def chain_pending(batch_size: int = BATCH_SIZE) -> int:
    """Link every committed pending row; return how many rows this call linked."""
    linked = 0
    for _round in range(MAX_ROUNDS):
        count, state = _chain_batch(batch_size)
        linked += count
        if state in ("busy", "stuck"):
            return linked
        if count < batch_size and not _pending_exists():
            return linked
    return linked


def _pending_exists() -> bool:
    return AuditEvent.objects.filter(chain_seq__isnull=True).exists()


def _chain_batch(batch_size: int) -> tuple[int, str]:
    """One short transaction: (rows linked, "done" | "busy" | "stuck")."""
    for attempt in range(SQLITE_LOCK_RETRIES):
        try:
            with transaction.atomic():
                return _link(batch_size)
        except OperationalError as exc:
            # SQLite without a busy timeout (shared-cache test databases) fails at once when
            # another connection writes; PostgreSQL never gets here for a lock (SKIP LOCKED).
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.005 * (attempt + 1))
    return 0, "busy"


def _lock_head() -> AuditChainHead | None:
    """The head row, locked by this transaction; None when another chaining step holds it."""
    heads = AuditChainHead.objects.select_for_update(skip_locked=True).filter(pk=1)
    head = heads.first()
    if head is not None:
        return head
    if AuditChainHead.objects.filter(pk=1).exists():
        return None  # locked by another step
    try:
        with transaction.atomic():
            AuditChainHead.objects.create(pk=1, last_hash=GENESIS_HASH, last_seq=0)
    except IntegrityError:
        pass  # another step created it a moment ago
    return heads.first()


def _link(batch_size: int) -> tuple[int, str]:
    head = _lock_head()
    if head is None:
        return 0, "busy"
    rows = list(AuditEvent.objects.filter(chain_seq__isnull=True).order_by("id")[:batch_size])
    if not rows:
        return 0, "done"
    key = audit_key()
    previous, position, updates = head.last_hash, head.last_seq, []
    state = "done"
    for event in rows:
        if not seal_matches(event, key):
            logger.error(
                "audit row %s does not match its seal: not chained, chaining stopped there",
                event.pk,
            )
            state = "stuck"
            break
        position += 1
        event.prev_hash, event.chain_seq = previous, position
        event.hash = compute_hash(event, key)
        previous = event.hash
        updates.append((event.prev_hash, event.hash, position, event.pk))
    if updates:
        with connection.cursor() as cursor:
            cursor.executemany(UPDATE_SQL.format(table=AuditEvent._meta.db_table), updates)
        head.last_hash, head.last_seq, head.last_event_id = previous, position, updates[-1][3]
        head.save(update_fields=["last_hash", "last_seq", "last_event_id"])
    return len(updates), state
