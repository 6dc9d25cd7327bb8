"""Completions of one company's screenings at the same moment on PostgreSQL: every one is
counted (the increment is the database's ON CONFLICT … n = n + excluded.n, not a Python
read-modify-write that would lose updates) and nothing deadlocks."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from seafarers_home.screening.actions import (
    do_complete_screening,
    do_start_screening,
    do_submit_response,
)
from seafarers_home.screening.band_counts import raw_band_counts, stored_band_counts
from seafarers_home.screening.models import Battery
from tests.screening_campaigns.conftest import add_seafarer
from tests.screening_take.conftest import answers_for

pytestmark = pytest.mark.django_db(transaction=True)

WORKERS = 6


def test_concurrent_completions_are_all_counted(world) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row-level concurrency needs PostgreSQL (SQLite serialises writers)")
    battery, _ = Battery.objects.get_or_create(
        code="band-count-race", defaults={"name": "测试", "instrument_codes": ["who5", "phq4"]}
    )
    screenings = []
    for i in range(WORKERS):
        person = add_seafarer(f"1350096{i:04d}", f"S{i}", world.company_a)
        screening = do_start_screening(person, battery)
        for code in ("who5", "phq4"):
            answers = {k: int(v) for k, v in answers_for(code, 1).items()}
            do_submit_response(person, code, answers, screening=screening)
        screenings.append(screening)
    barrier = threading.Barrier(WORKERS)
    errors: list[BaseException] = []

    def worker(screening) -> None:
        try:
            barrier.wait()
            do_complete_screening(screening)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(s,)) for s in screenings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    counts = stored_band_counts()
    assert counts == raw_band_counts()
    assert sum(n for (_c, code, _b), n in counts.items() if code == "who5") == WORKERS
