"""Consent checks and the write actions that accept or withdraw consent.

The checks read the signed-in person's consent state **once per request**: the consent
middleware gives ``request.user`` a ``_consent_cache`` dict, and ``has_consent`` and
``missing_required_documents`` fill it with one query (the current documents, each with
whether this person has a standing acceptance of it, without their texts) and answer every
later check of the request from it; accepting or withdrawing empties it. A user object
without the dict (a WebSocket's long-lived ``scope["user"]``, a user loaded by a task) is
always read fresh.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord

if TYPE_CHECKING:  # accounts imports consent
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def current_document(kind: str) -> ConsentDocument | None:
    """The latest published version of a kind of document."""
    return (
        ConsentDocument.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


CACHE_ATTRIBUTE = "_consent_cache"


def enable_consent_cache(user: User) -> None:
    """Let this user object remember its consent state (for one request)."""
    setattr(user, CACHE_ATTRIBUTE, {})


def _forget(user: User) -> None:
    if isinstance(getattr(user, CACHE_ATTRIBUTE, None), dict):
        setattr(user, CACHE_ATTRIBUTE, {})


# What a check needs of a document; the texts (tens of kilobytes of terms and privacy policy
# in two languages, every version) stay in the database until a page shows them.
STATE_FIELDS = ("id", "kind", "version", "title", "title_en", "is_optional", "published_at")


def _consent_state(user: User) -> tuple[dict[str, ConsentDocument], set[int]]:
    """(current document per kind, ids of those the user has a standing acceptance of), in one
    query: every published version with whether this user stands by it (issue 20 item 3)."""
    cache = getattr(user, CACHE_ATTRIBUTE, None)
    if isinstance(cache, dict) and "state" in cache:
        return cache["state"]
    standing = ConsentRecord.objects.filter(
        user=user, document=OuterRef("pk"), withdrawn_at__isnull=True
    )
    documents: dict[str, ConsentDocument] = {}
    accepted: set[int] = set()
    rows = (
        ConsentDocument.objects.filter(published_at__lte=timezone.now())
        .only(*STATE_FIELDS)
        .annotate(accepted=Exists(standing))
        .order_by("kind", "-version")
    )
    for document in rows:
        if document.kind in documents:
            continue  # an older version
        documents[document.kind] = document
        if document.accepted:
            accepted.add(document.pk)
    if isinstance(cache, dict):
        cache["state"] = (documents, accepted)
    return documents, accepted


def active_record(user: User | AnonymousUser, kind: str) -> ConsentRecord | None:
    """The user's standing acceptance of the *current* version, if any. A new version of a
    document asks again."""
    document = current_document(kind)
    if document is None or not user.is_authenticated:
        return None
    return (
        ConsentRecord.objects.filter(user=user, document=document, withdrawn_at__isnull=True)
        .order_by("-accepted_at")
        .first()
    )


def has_consent(user: User | AnonymousUser, kind: str) -> bool:
    """A standing acceptance of the current version of ``kind`` (read once per request)."""
    if not user.is_authenticated:
        return False
    documents, accepted = _consent_state(user)
    document = documents.get(kind)
    return document is not None and document.pk in accepted


def has_health_data_consent(user: User | AnonymousUser) -> bool:
    return has_consent(user, ConsentKind.HEALTH_DATA)


# Without these the service does not run at all (privacy.py: withdrawing them stops it).
REQUIRED_KINDS = (ConsentKind.TERMS, ConsentKind.PRIVACY)
CONSENT_REQUIRED_MESSAGE = _("请先阅读并同意现行的服务条款和隐私政策。")


def missing_required_documents(user: User | AnonymousUser) -> list[ConsentDocument]:
    """The current published terms/privacy documents the user has no standing acceptance of.
    A kind with no published document requires nothing."""
    if not user.is_authenticated:
        return []
    documents, accepted = _consent_state(user)
    return [
        documents[kind]
        for kind in REQUIRED_KINDS
        if kind in documents and documents[kind].pk not in accepted
    ]
