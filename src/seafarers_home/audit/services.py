"""The one way to write the audit trail. Every app calls ``record_audit``.

Rows are chained: each row's hash is an HMAC under the audit key (not in the database) over
its own fields and the previous row's hash, so an edited, deleted or reordered row breaks the
chain at that point and cannot be re-hashed without the key (``chain.py``); checkpoints written
outside the database pin the head (``checkpoints.py``). An append takes no shared lock: the row
is written pending and sealed in the caller's transaction, and linked into the chain by a short
chaining step right after that transaction commits (``chaining.py``), so concurrent audited
writes do not wait for each other's transactions.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.audit.catalogue import checked_action
from seafarers_home.audit.chain import (  # noqa: F401 - verify_chain, ChainReport: public here
    ChainReport,
    audit_key,
    compute_seal,
    verify_chain,
)
from seafarers_home.audit.chaining import chain_after_commit, chain_pending  # noqa: F401
from seafarers_home.audit.models import AuditEvent

if TYPE_CHECKING:  # accounts imports this app: the types only
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address. REMOTE_ADDR is right behind our reverse proxy, which sets it from
    the connection (uvicorn --proxy-headers trusts the proxy's X-Forwarded-For)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record_audit(
    actor: User | AnonymousUser | None,
    action: str,
    *,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    purpose: str = "",
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one row: ``actor`` (a user or None for the system) did ``action`` to ``target``.

    Call it inside the transaction of the change it records, so both commit or neither does.
    ``action`` is a code of the catalogue (``audit/catalogue.py``); any other is a ValueError.
    """
    action = checked_action(action)
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    user = actor if actor is not None and actor.is_authenticated else None
    event = AuditEvent(
        at=timezone.now(),
        actor_id=user.pk if user is not None else None,
        actor_label=(f"user:{user.pk}" if user is not None else "system"),
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        purpose=purpose,
        ip_address=client_address(request),
        detail=json.loads(json.dumps(detail or {}, default=str)),
        prev_hash="",
        hash=None,
    )
    event.seal = compute_seal(event, audit_key())
    # No savepoint inside the caller's transaction (two round trips on every audited write):
    # a failed insert fails the caller's whole transaction, as it must.
    with transaction.atomic(savepoint=False):
        event.save()
        # Linked into the chain once this transaction commits (chaining.py).
        chain_after_commit()
    return event
