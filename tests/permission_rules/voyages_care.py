"""Care pathway pages (issue 7, items 2 and 5)."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.utils import timezone

from seafarers_home.voyages.models import CareTask, SafeHomeShare
from tests.permission_rules.base import CONSENTED, OTHER_SEAFARER, OWNER, SEAFARERS, Rule
from tests.personas import World
from tests.voyages_care.conftest import ensure_default_plan, make_voyage


def _share(seafarer: Any) -> SafeHomeShare:
    return SafeHomeShare.objects.create(seafarer=seafarer, token=secrets.token_urlsafe(32))


def _follow_up_task(world: World) -> dict[str, Any]:
    step = ensure_default_plan()["after-return-follow-up"]
    today = timezone.localdate()
    voyage = make_voyage(
        world.seafarer,
        world.vessel_a,
        departs=today - datetime.timedelta(days=100),
        returns=today - datetime.timedelta(days=13),
        actual_return=today - datetime.timedelta(days=13),
        recorded=timezone.now() - datetime.timedelta(days=101),
    )
    task = CareTask.objects.create(
        seafarer=world.seafarer,
        voyage=voyage,
        step=step,
        phase=step.phase,
        due_at=timezone.now() + datetime.timedelta(days=1),
    )
    return {"pk": task.pk}


def _overdue_task(seafarer: Any, world: World) -> CareTask:
    step = ensure_default_plan()["pre-departure-screening"]
    today = timezone.localdate()
    voyage = make_voyage(
        seafarer,
        world.vessel_b,
        departs=today + datetime.timedelta(days=3),
        returns=today + datetime.timedelta(days=90),
        recorded=timezone.now() - datetime.timedelta(days=10),
    )
    return CareTask.objects.create(
        seafarer=seafarer,
        voyage=voyage,
        step=step,
        phase=step.phase,
        due_at=timezone.now() - datetime.timedelta(days=1),
    )


RULES = {
    # the seafarer's health page
    "voyages:tasks": Rule(allowed=CONSENTED, health=True),
    # setting an overdue task aside: the owner's task; the other seafarer gets 404
    "voyages:task_dismiss": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        health=True,
        method="post",
        kwargs=lambda w: {"pk": _overdue_task(w.consented_seafarer, w).pk},
    ),
    # general self-care content (like the training lessons): seafarers
    "voyages:safe_home": Rule(allowed=SEAFARERS),
    "voyages:safe_home_read": Rule(allowed=SEAFARERS, method="post"),
    "voyages:safe_home_share": Rule(allowed=SEAFARERS, method="post"),
    # nobody may revoke a link that is not theirs: this one is the owner's
    "voyages:safe_home_revoke": Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER, "seafarer"}),
        method="post",
        kwargs=lambda w: {"pk": _share(w.consented_seafarer).pk},
    ),
    # the family page is public by its unguessable link
    "voyages:family": Rule(public=True, kwargs=lambda w: {"token": _share(w.seafarer).token}),
    "voyages:follow_ups": Rule(allowed=frozenset({"counsellor"})),
    "voyages:follow_up_outcome": Rule(allowed=frozenset({"counsellor"}), kwargs=_follow_up_task),
}
