"""An urgent abandonment case nobody claims is escalated through the real task worker: the
task row written with the case is run by ``manage.py db_worker`` at its time, once; the
union's staff and rights officers hear by SMS; no clinical crisis alert is raised."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from seafarers_home.accounts.models import User
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.notifications.models import Notification
from seafarers_home.rights.actions.reporting import do_submit_case
from seafarers_home.rights.actions.working import do_claim_case
from seafarers_home.rights.models import RightsCase
from tests.personas import World

pytestmark = pytest.mark.django_db(transaction=True)


def _abandoned(world: World, key: str) -> RightsCase:
    return do_submit_case(
        world.seafarer,
        category="abandonment",
        summary="船东失联,船上没吃的了",
        description="船东两个月联系不上,淡水和食物都没有了。",
        values={"port": "吉布提港外锚地", "supplies": "none", "known_date": "2026-11-01"},
        idempotency_key=key,
    )


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_an_unclaimed_urgent_case_is_escalated_once(world: World, officer: User, settings) -> None:
    settings.RIGHTS_URGENT_ESCALATE_MINUTES = 0
    case = _abandoned(world, "urgent-1")
    assert case.urgent
    assert Notification.objects.filter(user=officer, kind="rights.new_case").exists()
    _run_worker()
    case.refresh_from_db()
    assert case.escalated_at is not None
    call_command("runperiodic", "--job", "rights.escalate_urgent", "--force")  # nothing more
    for person in (officer, world.union_staff):
        escalated = Notification.objects.filter(user=person, kind="rights.urgent")
        assert escalated.count() == 1 and escalated.get().sms_status
    assert AuditEvent.objects.filter(action="rights.escalate").count() == 1
    assert not CrisisAlert.objects.exists()
    assert not Notification.objects.filter(user=world.clinician).exists()


def test_a_claimed_urgent_case_is_not_escalated(world: World, officer: User, settings) -> None:
    settings.RIGHTS_URGENT_ESCALATE_MINUTES = 0
    case = _abandoned(world, "urgent-2")
    do_claim_case(case, officer)
    _run_worker()
    case.refresh_from_db()
    assert case.escalated_at is None
    assert not Notification.objects.filter(kind="rights.urgent").exists()
