from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection
from django.utils import timezone

from seafarers_home.audit.chaining import chain_pending
from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent import documents_v1
from seafarers_home.consent.models import ConsentDocument

TRIGGERS = importlib.import_module("seafarers_home.audit.migrations.0005_chain_after_commit")


@pytest.fixture(autouse=True)
def consent_documents(db: None) -> None:
    """Version 1 of every document, as the data migration creates it. Re-installed because a
    transactional test elsewhere may have flushed the migration's rows."""
    documents_v1.install(ConsentDocument, timezone.now() - dt.timedelta(minutes=1))


@contextmanager
def triggers_disabled() -> Iterator[None]:
    """Step around the append-only triggers, as an attacker with table rights could, so that
    tests can tamper with rows. Undone by the test's rollback as well."""
    table = AuditEvent._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        elif connection.vendor == "sqlite":
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            elif connection.vendor == "sqlite":
                cursor.execute(TRIGGERS.SQLITE_INSTALL.format(table=table))


def chained(events: list[AuditEvent]) -> list[AuditEvent]:
    """Link the pending rows as the commit of the test's transaction would (a test's transaction
    never commits, so its after-commit chaining step never runs), and read them back."""
    chain_pending()
    return [AuditEvent.objects.get(pk=event.pk) for event in events]
