"""The demo's activities: one full with a waiting list, one 心理团建; loading twice adds nothing."""

from __future__ import annotations

from collections import Counter

import pytest

from seafarers_home.activities.demo import load_demo_activities
from seafarers_home.activities.models import Activity, SignUp
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_full_activity_with_a_waiting_list_and_a_wellbeing_session(
    world: World,
) -> None:
    seafarers = [world.seafarer, world.seafarer_b, world.consented_seafarer]
    seafarers.append(world.consented_seafarer_b)
    created: Counter[str] = Counter()
    load_demo_activities(world.union_staff, seafarers, created)
    load_demo_activities(world.union_staff, seafarers, created)
    assert created["activities"] == 3
    match = Activity.objects.get(kind="culture")
    statuses = list(match.signups.values_list("status", flat=True))
    assert statuses.count("confirmed") == 3 and statuses.count("waiting") == 1
    wellbeing = Activity.objects.get(kind="wellbeing")
    assert SignUp.objects.get(activity=wellbeing).guests == 2
