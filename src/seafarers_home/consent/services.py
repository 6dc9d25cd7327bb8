"""Consent checks and the write actions that accept or withdraw consent."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.services import client_address, record_audit
from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord


def current_document(kind: str) -> ConsentDocument | None:
    """The latest published version of a kind of document."""
    return (
        ConsentDocument.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def active_record(user: object, kind: str) -> ConsentRecord | None:
    """The user's standing acceptance of the *current* version, if any. A new version of a
    document asks again."""
    document = current_document(kind)
    if document is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        ConsentRecord.objects.filter(user=user, document=document, withdrawn_at__isnull=True)
        .order_by("-accepted_at")
        .first()
    )


def has_consent(user: object, kind: str) -> bool:
    return active_record(user, kind) is not None


def has_health_data_consent(user: object) -> bool:
    return has_consent(user, ConsentKind.HEALTH_DATA)


@transaction.atomic
def do_accept_consent(
    user: object, document: ConsentDocument, request: HttpRequest | None = None
) -> ConsentRecord:
    """Record acceptance of one document version. Accepting again is a no-op (idempotent)."""
    existing = ConsentRecord.objects.filter(
        user=user, document=document, withdrawn_at__isnull=True
    ).first()
    if existing is not None:
        return existing
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
def do_withdraw_consent(user: object, kind: str, request: HttpRequest | None = None) -> int:
    """Withdraw every standing acceptance of a kind. Returns how many were withdrawn."""
    now = timezone.now()
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


# Without these the service does not run at all (privacy.py: withdrawing them stops it).
REQUIRED_KINDS = (ConsentKind.TERMS, ConsentKind.PRIVACY)
CONSENT_REQUIRED_MESSAGE = _("请先阅读并同意现行的服务条款和隐私政策。")


def missing_required_documents(user: object) -> list[ConsentDocument]:
    """The current published terms/privacy documents the user has no standing acceptance of.
    A kind with no published document requires nothing."""
    if not getattr(user, "is_authenticated", False):
        return []
    missing = []
    for kind in REQUIRED_KINDS:
        document = current_document(kind)
        if (
            document is not None
            and not ConsentRecord.objects.filter(
                user=user, document=document, withdrawn_at__isnull=True
            ).exists()
        ):
            missing.append(document)
    return missing
