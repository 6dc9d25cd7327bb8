"""Two approvals racing for the last seat of a session on PostgreSQL: the seats are counted
under the session's row lock, so one applicant gets the seat and the other waits.

To make the race certain rather than lucky, each approval, after counting the seats, waits
(at most a second) for the other to have counted too: without the lock both count a free seat
and both are approved; with it the second cannot count until the first has committed."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.db import connection, connections

from seafarers_home.courses.actions import deciding
from seafarers_home.courses.actions.applying import do_apply
from seafarers_home.courses.actions.deciding import do_decide_application
from seafarers_home.courses.models import Application
from tests.courses.conftest import publish

Status = Application.Status


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite serialises writers",
)
def test_two_approvals_for_the_last_seat_never_overbook(world, monkeypatch) -> None:
    session = publish(world, seats=1)
    applications = [do_apply(person, session) for person in (world.seafarer, world.seafarer_b)]
    counted = threading.Barrier(2)
    count_seats = deciding.seats_taken

    def count_then_wait(locked_session):
        taken = count_seats(locked_session)
        # Broken after a second: the other approval is held at the lock, as it should be.
        with contextlib.suppress(threading.BrokenBarrierError):
            counted.wait(timeout=1)
        return taken

    monkeypatch.setattr(deciding, "seats_taken", count_then_wait)
    errors: list[BaseException] = []

    def approve(application: Application) -> None:
        try:
            do_decide_application(application, world.training_officer, approve=True)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    statuses = sorted(Application.objects.values_list("status", flat=True))
    assert statuses == [Status.APPROVED, Status.WAITLISTED]
