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

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord
from seafarers_home.lib import sql_reads

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


# What a page listing the missing documents needs of one; their texts (tens of kilobytes of
# terms and privacy policy in two languages) stay in the database until a page shows them.
STATE_FIELDS = ("id", "kind", "version", "title", "title_en", "is_optional", "published_at")


def _consent_state(user: User) -> tuple[dict[str, int], set[int]]:
    """(the current document's id per kind, the ids of those the user has a standing
    acceptance of), in one query: every published version, newest first, with whether this
    user stands by it (issue 20 item 3). SQL written once (lib/sql_reads.py): through the ORM
    this read cost ~2 ms of Python on every signed-in request."""
    cache = getattr(user, CACHE_ATTRIBUTE, None)
    if isinstance(cache, dict) and "state" in cache:
        return cache["state"]
    table, column = sql_reads.table, sql_reads.column
    doc, rec = ConsentDocument, ConsentRecord
    sql = (
        f"SELECT {column(doc, 'id')}, {column(doc, 'kind')}, EXISTS("  # noqa: S608 - model names
        f"SELECT 1 FROM {table(rec)} WHERE {column(rec, 'user')} = %s"
        f" AND {column(rec, 'document')} = {table(doc)}.{column(doc, 'id')}"
        f" AND {column(rec, 'withdrawn_at')} IS NULL)"
        f" FROM {table(doc)} WHERE {column(doc, 'published_at')} <= %s"
        f" ORDER BY {column(doc, 'kind')}, {column(doc, 'version')} DESC"
    )
    current: dict[str, int] = {}
    accepted: set[int] = set()
    for pk, kind, stands in sql_reads.rows(sql, [user.pk, sql_reads.moment(timezone.now())]):
        if kind in current:
            continue  # an older version
        current[kind] = pk
        if stands:
            accepted.add(pk)
    if isinstance(cache, dict):
        cache["state"] = (current, accepted)
    return current, accepted


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
    current, accepted = _consent_state(user)
    return kind in current and current[kind] in accepted


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
    current, accepted = _consent_state(user)
    published = [current[kind] for kind in REQUIRED_KINDS if kind in current]
    missing = [pk for pk in published if pk not in accepted]
    if not missing:
        return []  # every signed-in request: no second query
    found = ConsentDocument.objects.only(*STATE_FIELDS).in_bulk(missing)
    return [found[pk] for pk in missing if pk in found]
