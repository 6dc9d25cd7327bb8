"""The one way to write the audit trail. Every app calls ``record_audit``.

Rows are chained: each row's hash covers its own fields and the previous row's hash, so an
edited, deleted or reordered row breaks the chain at that point. Appends lock one head row so
that concurrent writers (several uvicorn processes on PostgreSQL) chain in a single order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.audit.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def client_address(request: HttpRequest | None) -> str | None:
    """The client's address. REMOTE_ADDR is right behind our reverse proxy, which sets it from
    the connection (uvicorn --proxy-headers trusts the proxy's X-Forwarded-For)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def compute_hash(event: AuditEvent) -> str:
    payload = {
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
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def record_audit(
    actor: Any,
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
    """
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        event = AuditEvent(
            at=timezone.now(),
            actor_id=actor.pk if is_user else None,
            actor_label=(f"user:{actor.pk}" if is_user else "system"),
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            purpose=purpose,
            ip_address=client_address(request),
            detail=json.loads(json.dumps(detail or {}, default=str)),
            prev_hash=head.last_hash,
        )
        event.hash = compute_hash(event)
        event.save()
        head.last_hash = event.hash
        head.last_event_id = event.pk
        head.save(update_fields=["last_hash", "last_event_id"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the trail in id order; report the first row whose link or hash is wrong."""
    previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch_size):
        if event.prev_hash != previous:
            return ChainReport(checked, event.pk, "prev_hash does not match the previous row")
        if compute_hash(event) != event.hash:
            return ChainReport(checked, event.pk, "row content does not match its hash")
        previous = event.hash
        checked += 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        return ChainReport(checked, head.last_event_id, "rows after the last one were removed")
    return ChainReport(checked, None)
