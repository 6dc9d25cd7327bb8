"""The signed-in person's consent state is read with hand-written SQL (issue 20 item 8,
lib/sql_reads.py). Whatever the documents (versions, some published later) and the person's
acceptances and withdrawals, it answers what the ORM's reading of the same rules answers: the
current version of a kind is its highest published version, and a person consents to a kind
while an acceptance of that version stands."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seafarers_home.consent.models import ConsentDocument, ConsentKind, ConsentRecord
from seafarers_home.consent.services import (
    CACHE_ATTRIBUTE,
    REQUIRED_KINDS,
    enable_consent_cache,
    has_consent,
    missing_required_documents,
)

KINDS = [ConsentKind.TERMS, ConsentKind.PRIVACY, ConsentKind.HEALTH_DATA]
# A document: its kind, version and whether it is published yet (else in an hour).
documents = st.lists(
    st.tuples(st.sampled_from(KINDS), st.integers(2, 5), st.booleans()),
    max_size=6,
    unique_by=lambda d: (d[0], d[1]),
)
# An acceptance: which document (index into all documents), whether since withdrawn.
records = st.lists(st.tuples(st.integers(0, 40), st.booleans()), max_size=8)


def expected_current(kind: str) -> ConsentDocument | None:
    return (
        ConsentDocument.objects.filter(kind=kind, published_at__lte=timezone.now())
        .order_by("-version")
        .first()
    )


def expected_consent(user, kind: str) -> bool:
    document = expected_current(kind)
    return (
        document is not None
        and ConsentRecord.objects.filter(
            user=user, document=document, withdrawn_at__isnull=True
        ).exists()
    )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(extra_documents=documents, acceptances=records)
def test_it_answers_what_the_orm_answers(world, extra_documents, acceptances) -> None:
    now = timezone.now()
    with transaction.atomic():
        for kind, version, published in extra_documents:
            ConsentDocument.objects.create(
                kind=kind,
                version=version,
                title=f"{kind} v{version}",
                body="正文",
                published_at=now - dt.timedelta(minutes=5)
                if published
                else now + dt.timedelta(hours=1),
            )
        all_documents = list(ConsentDocument.objects.order_by("pk"))
        for person in (world.seafarer, world.seafarer_b):
            ConsentRecord.objects.filter(user=person).delete()
        for index, withdrawn in acceptances:
            ConsentRecord.objects.create(
                user=world.seafarer,
                document=all_documents[index % len(all_documents)],
                accepted_at=now - dt.timedelta(minutes=1),
                withdrawn_at=now if withdrawn else None,
            )
        for person in (world.seafarer, world.seafarer_b):  # b: no acceptance at all
            for cached in (False, True):
                if cached:
                    enable_consent_cache(person)  # read once, then answered from memory
                else:
                    person.__dict__.pop(CACHE_ATTRIBUTE, None)  # read at each check
                for kind in KINDS:
                    assert has_consent(person, kind) == expected_consent(person, kind), kind
                missing = [d.pk for d in missing_required_documents(person)]
                expected = [
                    d.pk
                    for kind in REQUIRED_KINDS
                    if (d := expected_current(kind)) is not None
                    and not expected_consent(person, kind)
                ]
                assert missing == expected
        transaction.set_rollback(True)  # the next example starts from the same world
