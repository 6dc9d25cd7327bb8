"""Two copies of the same submission arriving at once (a retry racing the original over a
satellite link) store one question and raise one crisis alert."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.inquiries.models import Question
from tests.inquiries_asking.conftest import ask
from tests.personas import World


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL; SQLite serialises them",
)
def test_it_stores_one_question_when_two_copies_race(world: World) -> None:
    for round_ in range(4):
        key = f"race-{round_}"
        barrier = threading.Barrier(2)
        results: list[int] = []
        errors: list[BaseException] = []

        def post(
            barrier: threading.Barrier = barrier,
            key: str = key,
            results: list[int] = results,
            errors: list[BaseException] = errors,
        ) -> None:
            try:
                barrier.wait(timeout=10)
                question = ask(
                    world.seafarer, body="我真的不想活了,每天晚上都睡不着。", idempotency_key=key
                )
                results.append(question.pk)
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert not errors, errors
        assert len(results) == 2 and results[0] == results[1]
        assert Question.objects.filter(idempotency_key=key).count() == 1
        assert CrisisAlert.objects.filter(source_id=str(results[0])).count() == 1
