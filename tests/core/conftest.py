from __future__ import annotations

import pytest
from django.utils import timezone

from seafarers_home.consent.models import ConsentDocument, ConsentKind
from seafarers_home.consent.services import current_document


@pytest.fixture
def health_consent_document(db: None) -> ConsentDocument:
    """The current health-data consent document (the data migration's, or one made here)."""
    document = current_document(ConsentKind.HEALTH_DATA)
    if document is None:
        document = ConsentDocument.objects.create(
            kind=ConsentKind.HEALTH_DATA,
            version=1,
            title="敏感个人信息单独同意",
            body="我们会处理您的心理健康信息。",
            published_at=timezone.now(),
        )
    return document
