from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.db import connection

from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit, verify_chain
from tests.audit.conftest import chained, triggers_disabled

TABLE = AuditEvent._meta.db_table
DELETE_SQL = f"DELETE FROM {TABLE} WHERE id = %s"  # noqa: S608 - our table


def tamper(pk: int, column: str, value: str) -> None:
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET {column} = %s WHERE id = %s", [value, pk])  # noqa: S608


def append(world, n: int) -> list[AuditEvent]:
    return chained(
        [
            record_audit(world.clinician, "inquiry.read", target=world.seafarer, detail={"i": i})
            for i in range(n)
        ]
    )


def run() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def test_it_reports_ok_on_a_clean_chain(world):
    append(world, 5)
    assert run().strip() == "Checked 5 audit rows: OK"


def test_it_reports_ok_on_an_empty_trail(db):
    assert "Checked 0 audit rows: OK" in run()


def test_it_reports_the_first_edited_row(world):
    events = append(world, 5)
    tamper(events[2].pk, "purpose", "nothing to see")
    with pytest.raises(CommandError) as failure:
        run()
    assert str(failure.value) == (
        f"Broken link at audit event id {events[2].pk}: row content does not match its hash"
    )
    assert failure.value.returncode == 1


def test_it_reports_a_deleted_row_at_the_next_link(world):
    events = append(world, 4)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(DELETE_SQL, [events[1].pk])
    report = verify_chain()
    assert (report.first_broken_id, report.checked) == (events[2].pk, 1)
    assert report.reason == "prev_hash does not match the previous row"


def test_it_reports_removed_rows_at_the_end(world):
    events = append(world, 3)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(DELETE_SQL, [events[2].pk])
    report = verify_chain()
    assert not report.ok
    assert report.reason == "rows after the last one were removed"


def test_it_exits_with_status_1_when_broken(world, capsys):
    events = append(world, 2)
    tamper(events[0].pk, "action", "profile.edit")
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "verify_audit_chain"])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert f"Broken link at audit event id {events[0].pk}" in err


def test_it_fails_when_the_whole_trail_was_deleted(world, capsys):
    append(world, 3)
    with triggers_disabled(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")  # noqa: S608 - our table
    assert not AuditEvent.objects.exists()
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "verify_audit_chain"])
    assert exit_.value.code == 1
    assert "rows after the last one were removed" in capsys.readouterr().err
