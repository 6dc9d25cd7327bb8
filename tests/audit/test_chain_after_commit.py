"""Audited writes do not wait for each other (issue 20 item 2): a row is written pending and
sealed in the writer's transaction and linked into the keyed chain after the commit, in commit
order; the verifier covers the pending tail."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, connections, transaction

from seafarers_home.audit.chaining import chain_pending
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit, verify_chain
from tests.audit.conftest import chained, triggers_disabled

TABLE = AuditEvent._meta.db_table
WAIT = 30  # seconds: only a guard against a hung test, never reached when the code is right


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one writing transaction at a time"
)
@pytest.mark.django_db(transaction=True)
def test_a_second_audited_write_completes_while_the_first_transaction_is_open():
    """The first writer appends its row and keeps its transaction open until the second has
    appended and committed; with one lock held to commit (the old chain) the second would
    wait for the first, and the first would give up waiting for the second."""
    first_written, second_committed = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def first() -> None:
        try:
            with transaction.atomic():
                record_audit(None, "demo.load", target_type="thread", target_id="first")
                first_written.set()
                if not second_committed.wait(WAIT):
                    raise AssertionError("the second audited write waited for this transaction")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def second() -> None:
        try:
            assert first_written.wait(WAIT)
            with transaction.atomic():
                record_audit(None, "demo.load", target_type="thread", target_id="second")
            second_committed.set()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    report = verify_chain()
    assert report.ok, report
    assert (report.checked, report.pending) == (2, 0)
    # The first row has the lower id but committed last: it is chained after the second.
    rows = list(AuditEvent.objects.order_by("id").values_list("target_id", "chain_seq"))
    assert rows == [("first", 2), ("second", 1)]


def test_pending_rows_are_counted_and_verified_by_their_seal(world):
    """Inside a test's transaction nothing commits, so the rows stay pending."""
    for i in range(2):
        record_audit(world.clinician, "inquiry.read", target=world.seafarer, detail={"i": i})
    report = verify_chain()
    assert report.ok, report
    assert (report.checked, report.pending) == (2, 2)
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert out.getvalue().strip() == "Checked 2 audit rows: OK (2 waiting to be chained)"


def test_a_pending_row_changed_before_chaining_is_reported_and_never_chained(world):
    events = [
        record_audit(world.clinician, "inquiry.read", target=world.seafarer, detail={"i": i})
        for i in range(3)
    ]
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {TABLE} SET purpose = 'nothing to see' WHERE id = %s",  # noqa: S608
            [events[1].pk],
        )
    report = verify_chain()
    assert (report.first_broken_id, report.reason) == (
        events[1].pk,
        "row content does not match its hash",
    )
    assert chain_pending() == 1  # the row before it; chaining stops at the changed row
    assert list(
        AuditEvent.objects.filter(chain_seq__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)
    ) == [events[1].pk, events[2].pk]


def test_a_row_left_pending_too_long_is_a_finding(world, settings):
    event = record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    settings.AUDIT_PENDING_MAX_MINUTES = 0
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_id == event.pk
    assert report.reason.startswith("1 rows are waiting to be chained, the oldest since ")
    chained([event])
    assert verify_chain().ok


def test_rows_are_chained_once_in_the_order_of_the_chaining_steps(world):
    early = chained([record_audit(None, "demo.load", target_id=i) for i in range(2)])
    late = chained([record_audit(None, "demo.load", target_id=i) for i in range(2, 4)])
    assert [e.chain_seq for e in early + late] == [1, 2, 3, 4]
    assert late[0].prev_hash == early[1].hash
    assert chain_pending() == 0
    assert verify_chain().ok


def test_the_database_refuses_to_relink_a_chained_row(world):
    (event,) = chained([record_audit(world.admin, "inquiry.read", target=world.seafarer)])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {TABLE} SET hash = %s, prev_hash = %s WHERE id = %s",  # noqa: S608
            ["f" * 64, "e" * 64, event.pk],
        )
    assert AuditEvent.objects.get(pk=event.pk).hash == event.hash


def test_the_database_refuses_to_chain_a_row_with_changed_content(world):
    event = record_audit(world.admin, "inquiry.read", target=world.seafarer)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {TABLE} SET hash = %s, prev_hash = %s, chain_seq = 1, "  # noqa: S608
            "purpose = 'x' WHERE id = %s",
            ["f" * 64, "e" * 64, event.pk],
        )
    assert AuditEvent.objects.get(pk=event.pk).chain_seq is None
