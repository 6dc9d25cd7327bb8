"""An alert ends with an outcome (issue 16 item 3): the clinician records what was done and
the alert is resolved, or keeps it with the next attempt when the person was not reachable;
answering the red-flagged question, closing the urgent consultation and a hotline crisis
record close the linked alert themselves; unresolved alerts are counted with their age."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.actions.raising import do_raise_crisis_alert, escalate_due_alerts
from seafarers_home.alerts.models import AlertAction, CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.consultations.actions.urgent import do_open_urgent_request
from seafarers_home.hotline.actions.callbacks import queue_due_callbacks
from seafarers_home.hotline.actions.queue import (
    dispatch_calls,
    do_accept_offer,
    do_set_counsellor_state,
)
from seafarers_home.hotline.models import CallRecord, HotlineCall
from seafarers_home.inquiries.models import Question
from seafarers_home.notifications.models import Notification
from tests.personas import give_health_consent, login


def _local(delta: timedelta) -> str:
    return (timezone.localtime() + delta).strftime("%Y-%m-%dT%H:%M")


def _screening_alert(world) -> CrisisAlert:
    return do_raise_crisis_alert(
        world.seafarer, source="screening", source_id="1", reason="phq9_item9"
    )


def test_not_reachable_keeps_the_alert_with_the_next_attempt_then_an_outcome_ends_it(
    client_for, roster
):
    alert = _screening_alert(roster)
    client = client_for("clinician")
    url = f"/alerts/{alert.pk}/outcome/"

    missing = client.post(url, {"outcome": "not_reachable", "key": "a1"})
    assert missing.status_code == 400
    assert "请填写下次尝试的时间" in missing.content.decode()
    alert.refresh_from_db()
    assert alert.status == "open" and not AlertAction.objects.exists()

    form = {"outcome": "not_reachable", "next_attempt_at": _local(timedelta(minutes=30))}
    assert client.post(url, {**form, "note": "卫星电话无人接听", "key": "a2"}).status_code == 302
    resent = {**form, "note": "卫星电话无人接听", "key": "a2"}
    assert client.post(url, resent).status_code == 302  # resent: nothing new
    changed = client.post(url, {**form, "key": "a2"})  # the same key, another form: refused
    assert changed.status_code == 400 and "这份表单已经提交过" in changed.content.decode()
    alert.refresh_from_db()
    # Recording an attempt takes the alert: escalation stops, the alert stays unresolved.
    assert alert.status == "acknowledged" and alert.acknowledged_by == roster.clinician
    assert alert.escalate_at is None and alert.outcome == ""
    assert timedelta(minutes=28) < alert.next_attempt_at - timezone.now() <= timedelta(minutes=30)
    assert AlertAction.objects.count() == 1
    assert AlertAction.objects.get().note == "卫星电话无人接听"
    board = client.get("/alerts/").content.decode()
    assert "未结束的警报 1 条" in board

    assert (
        client.post(url, {"outcome": "phone", "note": "已通话,安全", "key": "a3"}).status_code
        == 302
    )
    alert.refresh_from_db()
    assert (alert.status, alert.outcome, alert.resolved_by) == (
        "resolved",
        "phone",
        roster.clinician,
    )
    assert alert.resolved_at is not None and alert.next_attempt_at is None
    page = client.get(f"/alerts/{alert.pk}/").content.decode()
    assert "已电话联系" in page and "卫星电话无人接听" in page and 'id="alert-outcome"' not in page
    assert "未结束的警报 0 条" in client.get("/alerts/").content.decode()
    assert AuditEvent.objects.filter(action="alert.resolve", actor=roster.clinician).count() == 1


def test_recording_an_outcome_on_an_open_alert_stops_its_escalation(client_for, roster, settings):
    alert = _screening_alert(roster)
    client_for("clinician").post(f"/alerts/{alert.pk}/outcome/", {"outcome": "emergency"})
    CrisisAlert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - timedelta(hours=1))
    assert escalate_due_alerts() == 0
    alert.refresh_from_db()
    assert (alert.status, alert.outcome, alert.tier) == ("resolved", "emergency", 1)


def test_the_next_attempt_reminds_the_clinician(client_for, roster):
    alert = _screening_alert(roster)
    client_for("clinician").post(
        f"/alerts/{alert.pk}/outcome/",
        {"outcome": "not_reachable", "next_attempt_at": _local(timedelta(minutes=10))},
    )
    from seafarers_home.alerts.tasks import remind_next_attempt

    assert remind_next_attempt.call(alert.pk) is False  # not yet due: nobody is disturbed
    CrisisAlert.objects.filter(pk=alert.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=1)
    )
    assert remind_next_attempt.call(alert.pk) is True
    assert remind_next_attempt.call(alert.pk) is True  # a retried task sends nothing twice
    reminder = Notification.objects.get(kind="alert.next_attempt")
    assert reminder.user == roster.clinician and reminder.url == f"/alerts/{alert.pk}/"


def test_answering_the_red_flagged_question_closes_its_alert(client_for, roster):
    give_health_consent(roster.seafarer)
    seafarer = login(Client(), roster.seafarer)
    seafarer.post(
        "/inquiries/ask/",
        {"key": "q1", "category": "mental", "title": "睡不着", "body": "觉得活着没意思,不想活了。"},
    )
    question = Question.objects.get()
    alert = CrisisAlert.objects.get(source="inquiry", source_id=str(question.pk))
    clinician = client_for("clinician")
    staff_url = f"/inquiries/staff/{question.pk}/reply/"

    clinician.post(
        staff_url, {"kind": "clarification", "body": "现在身边有人吗?", "idempotency_key": "r1"}
    )
    alert.refresh_from_db()
    assert alert.status == "open"  # a follow-up question does not end a crisis

    clinician.post(
        staff_url,
        {"kind": "answer", "body": "请马上拨打热线,我们会联系您。", "idempotency_key": "r2"},
    )
    alert.refresh_from_db()
    assert (alert.status, alert.outcome, alert.resolved_by) == (
        "resolved",
        "answered",
        roster.clinician,
    )
    assert AlertAction.objects.get(alert=alert).via == f"inquiry:{question.pk}"


def test_holding_the_urgent_consultation_closes_its_alert(roster):
    urgent = do_open_urgent_request(roster.seafarer, roster.union_staff, reason="船员说想跳海")
    client = login(Client(), roster.clinician)
    client.post(f"/consultations/urgent/{urgent.pk}/take/")
    client.post(f"/consultations/urgent/{urgent.pk}/room/")
    client.post(f"/consultations/urgent/{urgent.pk}/close/", {"outcome": "talked"})
    urgent.alert.refresh_from_db()
    assert (urgent.alert.status, urgent.alert.outcome) == ("resolved", "consultation")


def test_a_hotline_crisis_record_takes_over_the_seafarers_other_alerts(client_for, roster):
    give_health_consent(roster.seafarer)
    earlier = _screening_alert(roster)
    do_set_counsellor_state(roster.counsellor, "available")
    seafarer = login(Client(), roster.seafarer)
    seafarer.post("/hotline/join/", {"key": "j1"})
    dispatch_calls()
    call = do_accept_offer(HotlineCall.objects.get(), roster.counsellor)
    record = CallRecord.objects.get(call=call)

    client_for("counsellor").post(
        f"/hotline/records/{record.pk}/crisis/",
        {"steps": ["safety", "means"], "master_basis": "consent"},
    )

    earlier.refresh_from_db()
    assert (earlier.status, earlier.outcome) == ("resolved", "hotline")
    hotline_alert = CrisisAlert.objects.get(source="hotline")
    assert hotline_alert.status == "open" and hotline_alert.tier == 2  # still pages
    # The psychiatrist sees the counsellor's checklist as the cause.
    page = client_for("clinician").get(f"/alerts/{hotline_alert.pk}/").content.decode()
    assert "评估了当前安全状况" in page and "本人同意" in page


def test_the_help_now_callback_record_closes_the_help_now_alert(client_for, roster):
    seafarer = client_for("seafarer")
    page_url = seafarer.post("/alerts/help-now/", {"key": "h1"})["Location"]
    start = timezone.localtime()
    seafarer.post(
        page_url + "callback/",
        {
            "key": "cb",
            "target": "satellite",
            "number": "+870 773 012 345",
            "window_start": start.strftime("%Y-%m-%dT%H:%M"),
            "window_end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    alert = CrisisAlert.objects.get(source="self")
    do_set_counsellor_state(roster.counsellor, "available")
    assert queue_due_callbacks() == 1
    dispatch_calls()
    call = do_accept_offer(HotlineCall.objects.get(channel="callback"), roster.counsellor)
    record = CallRecord.objects.get(call=call)

    counsellor = client_for("counsellor")
    counsellor.post(
        f"/hotline/records/{record.pk}/",
        {"reason_categories": ["loneliness"], "actions": ["listened"], "follow_up": "none"},
    )

    alert.refresh_from_db()
    assert (alert.status, alert.outcome, alert.resolved_by) == (
        "resolved",
        "callback",
        roster.counsellor,
    )


def test_unresolved_alerts_are_counted_with_their_age_on_both_boards(client_for, roster):
    old = _screening_alert(roster)
    CrisisAlert.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(minutes=95))
    taken = _screening_alert(roster)
    client_for("clinician").post(f"/alerts/{taken.pk}/acknowledge/")
    done = _screening_alert(roster)
    client_for("clinician").post(f"/alerts/{done.pk}/outcome/", {"outcome": "phone"})

    board = client_for("clinician").get("/alerts/").content.decode()
    assert "未结束的警报 2 条" in board and "其中待确认 1 条" in board
    assert "最久的已 95 分钟" in board
    # Taken but not ended comes before ended, and still shows its age.
    assert board.index(f'data-alert="{taken.pk}"') < board.index(f'data-alert="{done.pk}"')

    supervisor = client_for("union_staff").get("/hotline/supervisor/").content.decode()
    section = supervisor[supervisor.index('id="unresolved-alerts"') :]
    assert "未结束的危机警报 2 条" in section and "95, 0" in section
    assert "王海" not in supervisor  # counts and ages, no names
