from __future__ import annotations

import re

import pytest
from django.utils import timezone

from seafarers_home.consent.models import ConsentDocument, ConsentKind
from seafarers_home.consent.services import current_document


def last_code(outbox: list[tuple[str, str]], phone: str) -> str:
    messages = [message for to, message in outbox if to == phone]
    assert messages, f"no SMS to {phone}"
    match = re.search(r"\b(\d{6})\b", messages[-1])
    assert match, messages[-1]
    return match.group(1)


@pytest.fixture
def consent_documents(db: None) -> dict[str, ConsentDocument]:
    """The current terms and privacy policy (the consent app's data migration makes them;
    created here if it has not)."""
    documents = {}
    for kind in (ConsentKind.TERMS, ConsentKind.PRIVACY):
        document = current_document(kind) or ConsentDocument.objects.create(
            kind=kind, version=1, title=str(kind.label), body="…", published_at=timezone.now()
        )
        documents[kind] = document
    return documents
