"""core/bulk_insert.py, which the care run stores its tasks and notifications with (COPY on
PostgreSQL, bulk_create elsewhere): the rows stored as bulk_create stores them, the ids given
are the stored rows', conflicts skipped when asked and otherwise raised as Django's
IntegrityError, leaving the transaction usable."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from seafarers_home.core.bulk_insert import bulk_insert
from seafarers_home.notifications.models import Notification
from tests.personas import World

pytestmark = pytest.mark.django_db


def _notification(user, key: str, **extra) -> Notification:
    return Notification(
        user=user,
        kind="care_task.due",
        message=f"提醒 {key}",
        url="/voyages/tasks/",
        dedupe_key=key,
        **extra,
    )


def test_it_stores_every_column_and_gives_the_stored_ids(world: World) -> None:
    rows = [
        _notification(world.seafarer, f"k{i}", sms_status=Notification.SmsStatus.PENDING)
        for i in range(7)
    ]
    rows.append(_notification(world.seafarer_b, ""))
    bulk_insert(Notification, rows, set_pks=True)
    stored = {n.pk: n for n in Notification.objects.all()}
    assert sorted(stored) == sorted(n.pk for n in rows)
    for row in rows:
        saved = stored[row.pk]
        assert (saved.user_id, saved.message, saved.dedupe_key, saved.sms_status) == (
            row.user_id,
            row.message,
            row.dedupe_key,
            row.sms_status,
        )
        assert saved.created_at is not None and saved.read_at is None
        assert saved.sms_attempts == 0


def test_conflicts_are_skipped_when_asked_and_raised_otherwise(world: World) -> None:
    bulk_insert(Notification, [_notification(world.seafarer, "same")], set_pks=True)
    bulk_insert(
        Notification,
        [_notification(world.seafarer, "same"), _notification(world.seafarer, "other")],
        ignore_conflicts=True,
    )
    assert sorted(Notification.objects.values_list("dedupe_key", flat=True)) == ["other", "same"]
    with pytest.raises(IntegrityError), transaction.atomic():
        bulk_insert(Notification, [_notification(world.seafarer, "same")], set_pks=True)
    # The transaction goes on after the savepoint's rollback.
    bulk_insert(Notification, [_notification(world.seafarer, "third")], set_pks=True)
    assert Notification.objects.count() == 3
