"""The chaining step in each process's own thread (AUDIT_CHAIN_IN_BACKGROUND, the default with
PostgreSQL; issue 20 item 2): a committed audited write wakes the thread instead of chaining
itself, the thread links the rows of many writers in one step, and the chain verifies."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit, verify_chain

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the default only with PostgreSQL's writers"
    ),
    pytest.mark.django_db(transaction=True),
]
WAIT = 30  # seconds: a guard against a hung test, never reached when the code is right


def wait_until_linked(expected: int) -> None:
    deadline = time.monotonic() + WAIT
    while AuditEvent.objects.filter(chain_seq__isnull=False).count() < expected:
        assert time.monotonic() < deadline, "the chaining thread did not link the rows"
        time.sleep(0.02)


def test_it_links_the_rows_of_concurrent_writers_after_they_commit(settings):
    settings.AUDIT_CHAIN_IN_BACKGROUND = True
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(5):
                with transaction.atomic():
                    record_audit(None, "demo.load", target_type="thread", target_id=f"{n}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []

    wait_until_linked(20)
    report = verify_chain()
    assert report.ok, report
    assert (report.checked, report.pending) == (20, 0)
    positions = sorted(AuditEvent.objects.values_list("chain_seq", flat=True))
    assert positions == list(range(1, 21))


def test_the_writer_does_not_chain_inside_its_own_request(settings):
    """The commit only wakes the thread: right after it the row may still be pending, and it
    is linked shortly after without anyone else writing."""
    settings.AUDIT_CHAIN_IN_BACKGROUND = True
    settings.AUDIT_CHAIN_COALESCE_SECONDS = 0.3
    with transaction.atomic():
        record_audit(None, "demo.load", target_type="thread", target_id="alone")
    assert AuditEvent.objects.get().chain_seq is None
    assert verify_chain().ok  # the pending tail is covered by its seal

    wait_until_linked(1)
    report = verify_chain()
    assert report.ok, report
    assert (report.checked, report.pending) == (1, 0)
