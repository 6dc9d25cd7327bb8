"""Activities built through the app's own action, for the behaviour tests."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from seafarers_home.activities.actions.publishing import ActivityDetails, do_publish_activity
from seafarers_home.activities.models import Activity
from tests.personas import World


@pytest.fixture
def publish(world: World) -> Callable[..., Activity]:
    """publish(capacity=2, ...) -> a union activity for all seafarers, a week ahead."""

    def make(**fields: Any) -> Activity:
        start = timezone.now() + datetime.timedelta(days=7)
        values: dict[str, Any] = {
            "title": "海员篮球赛",
            "description": "友谊赛,欢迎报名。",
            "kind": "culture",
            "online": False,
            "place": "海员之家体育馆",
            "starts_at": start,
            "ends_at": start + datetime.timedelta(hours=2),
            "signup_deadline": start - datetime.timedelta(days=1),
            "capacity": 10,
            "audience": "all",
            "company": None,
            "max_guests": 0,
        }
        values.update(fields)
        organiser = values.pop("organiser", world.union_staff)
        organisation = values.pop("organisation", world.union)
        activity, _created = do_publish_activity(organiser, organisation, ActivityDetails(**values))
        return activity

    return make
