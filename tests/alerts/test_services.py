from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.alerts.actions.raising import (
    do_acknowledge_alert,
    do_raise_crisis_alert,
    escalate_due_alerts,
)
from seafarers_home.alerts.models import AlertNotification, CrisisAlert
from seafarers_home.alerts.services import ALERT_SMS_TEXT, MAX_TIER, on_duty
from seafarers_home.audit.models import AuditEvent
from seafarers_home.permissions.roles import NotAClinician


def raise_alert(world, capture, **kwargs) -> CrisisAlert:
    with capture(execute=True):
        return do_raise_crisis_alert(
            world.seafarer,
            source=kwargs.get("source", "screening"),
            source_id=kwargs.get("source_id", "41"),
            reason=kwargs.get("reason", "phq9_item9"),
        )


def audit_actions(alert: CrisisAlert) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="alerts.crisisalert", target_id=str(alert.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def make_due(alert: CrisisAlert) -> None:
    CrisisAlert.objects.filter(pk=alert.pk).update(
        escalate_at=timezone.now() - timedelta(seconds=1)
    )


def test_it_raises_an_open_tier_one_alert_with_audit_and_sms(
    roster, outbox, django_capture_on_commit_callbacks, settings
):
    before = timezone.now()
    alert = raise_alert(roster, django_capture_on_commit_callbacks)

    alert.refresh_from_db()
    assert (alert.status, alert.tier, alert.source, alert.reason) == (
        "open",
        1,
        "screening",
        "phq9_item9",
    )
    delay = timedelta(seconds=settings.CRISIS_ESCALATION_SECONDS)
    assert before + delay <= alert.escalate_at <= timezone.now() + delay
    assert audit_actions(alert) == ["alert.raise"]
    # Only the tier-1 clinician on duty is notified, live and by SMS.
    assert sorted(
        AlertNotification.objects.filter(alert=alert).values_list("recipient_id", "tier", "channel")
    ) == [(roster.clinician.pk, 1, "sms"), (roster.clinician.pk, 1, "websocket")]
    assert outbox == [(roster.clinician.phone, ALERT_SMS_TEXT)]


def test_it_keeps_health_details_and_the_name_out_of_the_sms(
    roster, outbox, django_capture_on_commit_callbacks
):
    raise_alert(roster, django_capture_on_commit_callbacks, reason="very_high_score")
    ((_, message),) = outbox
    for secret in ("王海", roster.seafarer.phone, "PHQ", "9", "score", "得分", "自伤", "轻生"):
        assert secret not in message


def test_it_schedules_escalation_with_the_task_worker(
    roster, outbox, django_capture_on_commit_callbacks
):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    task = DBTaskResult.objects.get(task_path="seafarers_home.alerts.tasks.escalate_alert")
    assert task.args_kwargs["args"] == [alert.pk]
    assert task.run_after == alert.escalate_at


def test_it_writes_nothing_when_the_callers_transaction_rolls_back(roster, outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        do_raise_crisis_alert(roster.seafarer, source="screening", source_id="1", reason="x")
        raise RuntimeError
    assert not CrisisAlert.objects.exists()
    assert not DBTaskResult.objects.exists()
    assert outbox == []


def test_it_falls_back_to_every_clinician_when_nobody_is_on_duty(
    world, psychiatrist, outbox, django_capture_on_commit_callbacks
):
    assert on_duty(1) == [world.clinician, psychiatrist]
    raise_alert(world, django_capture_on_commit_callbacks)
    assert sorted(phone for phone, _ in outbox) == sorted(
        [world.clinician.phone, psychiatrist.phone]
    )


def test_it_routes_by_the_shift_covering_the_moment(roster, psychiatrist):
    assert on_duty(1) == [roster.clinician]
    assert on_duty(2) == [psychiatrist]
    later = timezone.now() + timedelta(days=2)
    assert on_duty(1, later) == [roster.clinician, psychiatrist]  # roster gap: everyone


def test_it_stops_escalation_when_acknowledged(roster, outbox, django_capture_on_commit_callbacks):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        do_acknowledge_alert(alert, roster.clinician)
    alert.refresh_from_db()
    assert alert.escalate_at is None
    make_due(alert)  # even if a stale timer fires
    assert escalate_due_alerts() == 0
    alert.refresh_from_db()
    assert (alert.status, alert.tier, alert.acknowledged_by) == (
        "acknowledged",
        1,
        roster.clinician,
    )
    assert audit_actions(alert) == ["alert.raise", "alert.acknowledge"]


def test_it_acknowledges_once(roster, outbox, django_capture_on_commit_callbacks, psychiatrist):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    do_acknowledge_alert(alert, roster.clinician)
    do_acknowledge_alert(alert, psychiatrist)
    alert.refresh_from_db()
    assert alert.acknowledged_by == roster.clinician
    assert audit_actions(alert).count("alert.acknowledge") == 1


@pytest.mark.parametrize("name", ["seafarer", "counsellor", "union_staff", "officer_a", "admin"])
def test_it_lets_only_clinicians_acknowledge(
    roster, outbox, django_capture_on_commit_callbacks, name
):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    with pytest.raises(NotAClinician):
        do_acknowledge_alert(alert, roster.persona(name))
    alert.refresh_from_db()
    assert alert.status == "open"


def test_it_escalates_a_due_alert_exactly_once(
    roster, psychiatrist, outbox, django_capture_on_commit_callbacks
):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    outbox.clear()
    make_due(alert)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_due_alerts() == 1
        assert escalate_due_alerts() == 0  # the same instant: already claimed and rescheduled
    alert.refresh_from_db()
    assert alert.tier == 2
    assert alert.escalate_at > timezone.now()
    assert outbox == [(psychiatrist.phone, ALERT_SMS_TEXT)]
    assert AlertNotification.objects.filter(alert=alert, tier=2).count() == 2
    escalation = AuditEvent.objects.get(action="alert.escalate", target_id=str(alert.pk))
    assert escalation.detail == {"from_tier": 1, "to_tier": 2}


def test_it_leaves_alerts_that_are_not_yet_due(roster, outbox, django_capture_on_commit_callbacks):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    assert escalate_due_alerts() == 0
    alert.refresh_from_db()
    assert alert.tier == 1


def test_it_keeps_notifying_the_top_tier(
    roster, outbox, django_capture_on_commit_callbacks, psychiatrist
):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    for _ in range(MAX_TIER):  # 1→2, 2→3, then 3 again
        make_due(alert)
        with django_capture_on_commit_callbacks(execute=True):
            assert escalate_due_alerts() == 1
    alert.refresh_from_db()
    assert alert.tier == MAX_TIER
    assert alert.status == "open"
    # Nobody rostered at tier 3: every clinician is called, twice (two top-tier steps).
    tier3 = AlertNotification.objects.filter(alert=alert, tier=3, channel="sms")
    assert sorted(tier3.values_list("recipient_id", flat=True)) == sorted(
        [roster.clinician.pk, roster.clinician.pk, psychiatrist.pk, psychiatrist.pk]
    )


def test_it_escalates_overdue_alerts_from_the_periodic_job(
    roster, outbox, django_capture_on_commit_callbacks, capsys
):
    alert = raise_alert(roster, django_capture_on_commit_callbacks)
    make_due(alert)
    call_command("runperiodic", "--job", "alerts.escalate")
    alert.refresh_from_db()
    assert alert.tier == 2
    assert "alerts.escalate: ok" in capsys.readouterr().out
