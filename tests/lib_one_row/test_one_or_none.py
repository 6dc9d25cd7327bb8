"""``one_or_none`` (lib/one_row.py): the row a key finds, or None, read without an ORDER BY
(``first()`` sorted by the model's ordering, here ``-created_at``, for nothing)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from seafarers_home.lib.one_row import one_or_none
from seafarers_home.screening.actions import do_start_screening
from seafarers_home.screening.models import Battery, Screening
from tests.personas import World


def test_it_reads_the_one_row_of_a_key_without_ordering_it(world: World):
    battery = Battery.objects.get(code="at-sea-pulse")
    screening = do_start_screening(world.seafarer, battery)
    with CaptureQueriesContext(connection) as captured:
        found = one_or_none(Screening.objects.filter(pk=screening.pk, seafarer=world.seafarer))
        missing = one_or_none(Screening.objects.filter(pk=screening.pk, seafarer=world.seafarer_b))
    assert found == screening and missing is None
    assert len(captured) == 2
    assert not any("ORDER BY" in query["sql"] for query in captured.captured_queries)
