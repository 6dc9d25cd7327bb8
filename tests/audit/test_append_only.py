from __future__ import annotations

import threading
import time

import pytest
from django.db import DatabaseError, OperationalError, connection, connections, transaction

from seafarers_home.audit.models import AppendOnlyError, AuditEvent
from seafarers_home.audit.services import record_audit, verify_chain

TABLE = AuditEvent._meta.db_table
UPDATE_SQL = f"UPDATE {TABLE} SET purpose = 'x' WHERE id = %s"  # noqa: S608 - our table name
DELETE_SQL = f"DELETE FROM {TABLE} WHERE id = %s"  # noqa: S608 - our table name


def test_it_refuses_to_save_or_delete_an_existing_row(world):
    event = record_audit(world.admin, "inquiry.read", target=world.seafarer)
    event.purpose = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


def test_it_refuses_a_raw_update_in_the_database(world):
    event = record_audit(world.admin, "inquiry.read", target=world.seafarer)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(UPDATE_SQL, [event.pk])
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(purpose="x")
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite flushes test databases with DELETE"
)
def test_it_refuses_a_raw_delete_on_postgresql(world):
    event = record_audit(world.admin, "inquiry.read", target=world.seafarer)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(DELETE_SQL, [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_it_refuses_bulk_deletes_and_updates_through_the_orm(world):
    event = record_audit(world.admin, "inquiry.read", target=world.seafarer)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(purpose="x")
    assert AuditEvent.objects.get(pk=event.pk).purpose == ""


def append_retrying(n: int, i: int) -> None:
    # SQLite test databases live in shared-cache memory, where a busy table fails at once
    # ("database table is locked") instead of waiting as a WAL file does; try again there.
    for _attempt in range(200):
        try:
            record_audit(None, "demo.load", target_type="thread", target_id=n, detail={"i": i})
            return
        except OperationalError as exc:
            if connection.vendor != "sqlite" or "locked" not in str(exc):
                raise
            time.sleep(0.01)
    raise AssertionError("could not append")


@pytest.mark.django_db(transaction=True)
def test_it_keeps_one_intact_chain_under_concurrent_appends():
    threads_count = 6 if connection.vendor == "postgresql" else 3
    per_thread = 15
    errors: list[BaseException] = []
    start = threading.Barrier(threads_count)

    def writer(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                append_retrying(n, i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == threads_count * per_thread
    report = verify_chain()
    assert report.ok, report
    assert report.checked == threads_count * per_thread
    assert AuditEvent.objects.values("prev_hash").distinct().count() == report.checked
