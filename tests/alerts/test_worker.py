"""Escalation through the real task worker: the task row written when the alert is raised is
picked up by `manage.py db_worker`, which escalates and schedules the next step."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.alerts.actions.raising import do_acknowledge_alert, do_raise_crisis_alert
from seafarers_home.alerts.models import AlertNotification, CrisisAlert
from seafarers_home.alerts.services import ALERT_SMS_TEXT
from seafarers_home.audit.models import AuditEvent

TASK = "seafarers_home.alerts.tasks.escalate_alert"

pytestmark = pytest.mark.django_db(transaction=True)


def raise_due_alert(world, settings) -> CrisisAlert:
    # Raised with no delay, so its escalation task is already due; later steps use 5 minutes.
    settings.CRISIS_ESCALATION_SECONDS = 0
    alert = do_raise_crisis_alert(
        world.seafarer, source="screening", source_id="7", reason="phq9_item9"
    )
    settings.CRISIS_ESCALATION_SECONDS = 300
    return alert


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


def test_it_escalates_to_tier_two_through_the_worker(roster, psychiatrist, outbox, settings):
    alert = raise_due_alert(roster, settings)
    outbox.clear()

    run_worker()

    alert.refresh_from_db()
    assert alert.tier == 2
    assert alert.status == "open"
    assert outbox == [(psychiatrist.phone, ALERT_SMS_TEXT)]
    assert set(
        AlertNotification.objects.filter(alert=alert, tier=2).values_list("recipient", "channel")
    ) == {(psychiatrist.pk, "sms"), (psychiatrist.pk, "websocket")}
    step = AuditEvent.objects.get(action="alert.escalate", target_id=str(alert.pk))
    assert step.actor_label == "system"
    assert step.detail == {"from_tier": 1, "to_tier": 2}
    # The first task ran; the next step is queued for the next escalation time.
    tasks = DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at")
    assert [t.status for t in tasks] == ["SUCCESSFUL", "READY"]
    assert tasks[1].run_after == alert.escalate_at > timezone.now()


def test_it_runs_as_a_no_op_for_an_acknowledged_alert(roster, psychiatrist, outbox, settings):
    alert = raise_due_alert(roster, settings)
    do_acknowledge_alert(alert, roster.clinician)
    outbox.clear()

    run_worker()

    alert.refresh_from_db()
    assert (alert.status, alert.tier) == ("acknowledged", 1)
    assert outbox == []
    assert not AuditEvent.objects.filter(action="alert.escalate").exists()
    assert list(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True)) == [
        "SUCCESSFUL"
    ]
