from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from seafarers_home.consent import documents_v1
from seafarers_home.consent.models import ConsentDocument


@pytest.fixture(autouse=True)
def consent_documents(db: None) -> None:
    """Version 1 of every document, as the data migration creates it. Re-installed because a
    transactional test elsewhere may have flushed the migration's rows."""
    documents_v1.install(ConsentDocument, timezone.now() - dt.timedelta(minutes=1))
