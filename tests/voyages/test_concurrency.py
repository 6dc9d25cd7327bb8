"""Two offices recording overlapping voyages for one seafarer at the same moment: one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from seafarers_home.voyages.models import Voyage
from seafarers_home.voyages.services_voyages import VoyageInvalid
from tests.personas import give_health_consent
from tests.voyages.conftest import record


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (SELECT ... FOR UPDATE) need PostgreSQL; SQLite serialises writers",
)
def test_it_records_only_one_of_two_concurrent_overlapping_voyages(world) -> None:
    give_health_consent(world.seafarer)
    for round_ in range(4):
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        start = 200 * round_ + 10

        def attempt(by, offset: int, barrier=barrier, outcomes=outcomes, start=start) -> None:
            try:
                barrier.wait(timeout=10)
                record(world.seafarer, world, start=start + offset, end=start + 60, by=by)
                outcomes.append("recorded")
            except VoyageInvalid:
                outcomes.append("refused")
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=attempt, args=(world.officer_a, 0)),
            threading.Thread(target=attempt, args=(world.union_staff, 5)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(outcomes) == ["recorded", "refused"]
    assert Voyage.objects.count() == 4
