"""Consent's writes: accepting a document version and withdrawing a kind of consent, each with
its audit row (the evidence PIPL asks for). Which version is current and who has consented
stay in services.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.audit.services import client_address, record_audit
from seafarers_home.consent.models import ConsentDocument, ConsentRecord
from seafarers_home.consent.services import _forget

if TYPE_CHECKING:  # accounts imports consent
    from seafarers_home.accounts.models import User


@transaction.atomic
def do_accept_consent(
    user: User, document: ConsentDocument, request: HttpRequest | None = None
) -> ConsentRecord:
    """Record acceptance of one document version. Accepting again is a no-op (idempotent)."""
    existing = ConsentRecord.objects.filter(
        user=user, document=document, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    _forget(user)
    record = ConsentRecord.objects.create(
        user=user,
        document=document,
        accepted_at=timezone.now(),
        ip_address=client_address(request),
        user_agent=(request.META.get("HTTP_USER_AGENT", "")[:300] if request else ""),
    )
    record_audit(
        user,
        "consent.accept",
        target=record,
        purpose="consent",
        request=request,
        detail={"kind": document.kind, "version": document.version},
    )
    return record


@transaction.atomic
def do_withdraw_consent(user: User, kind: str, request: HttpRequest | None = None) -> int:
    """Withdraw every standing acceptance of a kind. Returns how many were withdrawn."""
    now = timezone.now()
    _forget(user)
    records = list(
        ConsentRecord.objects.select_for_update().filter(
            user=user, document__kind=kind, withdrawn_at__isnull=True
        )
    )
    for record in records:
        record.withdrawn_at = now
        record.save(update_fields=["withdrawn_at", "updated_at"])
        record_audit(
            user,
            "consent.withdraw",
            target=record,
            purpose="consent",
            request=request,
            detail={"kind": kind, "version": record.document.version},
        )
    return len(records)
