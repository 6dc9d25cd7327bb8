"""Call records: the structured form (validation, encryption at rest, audited reads), the
crisis protocol (tier-2 alert, follow-up), calls from the ordinary phone line logged by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.audit.models import AuditEvent
from seafarers_home.hotline.actions.queue import do_end_call
from seafarers_home.hotline.models import CallRecord, HotlineFollowUp
from tests.hotline_calls.conftest import connected_call

pytestmark = pytest.mark.django_db

NOTE = "船上和大副有矛盾,睡不好"


@pytest.fixture
def ended_record(world, caller) -> CallRecord:
    call = connected_call(world, caller)
    do_end_call(call, world.counsellor)
    return CallRecord.objects.get(call=call)


def test_it_refuses_an_incomplete_record_and_stores_nothing(
    ended_record, counsellor_client
) -> None:
    url = f"/hotline/records/{ended_record.pk}/"
    response = counsellor_client.post(url, {"follow_up": "none", "note": NOTE})
    assert response.status_code == 400
    assert "请至少选择一个来电原因。" in response.content.decode()
    response = counsellor_client.post(
        url, {"reason_categories": ["family"], "follow_up": "sometime", "note": NOTE}
    )
    assert response.status_code == 400
    ended_record.refresh_from_db()
    assert ended_record.completed_at is None and ended_record.note == ""
    assert ended_record.reason_categories == []
    response = counsellor_client.post(url, {"reason_categories": ["family"], "follow_up": "none"},
                                      HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 302  # valid


@pytest.mark.parametrize("risk", ["suicidal_thoughts", "plan", "means"])
def test_a_call_with_suicidal_thoughts_a_plan_or_means_is_never_filed_without_follow_up(
    ended_record, counsellor_client, risk: str
) -> None:
    url = f"/hotline/records/{ended_record.pk}/"
    form = {"reason_categories": ["mood"], "risk": [risk], "follow_up": "none", "note": NOTE}
    response = counsellor_client.post(url, form)
    assert response.status_code == 400
    assert "不能选择“无需跟进”" in response.content.decode()
    ended_record.refresh_from_db()
    assert ended_record.completed_at is None
    response = counsellor_client.post(url, {**form, "follow_up": "callback"})
    assert response.status_code == 302
    assert HotlineFollowUp.objects.filter(record=ended_record, done_at=None).exists()


def test_it_stores_the_record_with_the_note_encrypted(ended_record, counsellor_client) -> None:
    response = counsellor_client.post(
        f"/hotline/records/{ended_record.pk}/",
        {
            "reason_categories": ["crew_conflict", "sleep"],
            "risk": ["no_support"],
            "actions": ["listened", "self_care"],
            "follow_up": "consultation",
            "note": NOTE,
        },
    )
    assert response.status_code == 302
    ended_record.refresh_from_db()
    assert ended_record.reason_categories == ["crew_conflict", "sleep"]
    assert ended_record.risk == {"no_support": True}
    assert ended_record.note == NOTE and ended_record.completed_at is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM hotline_callrecord WHERE id = %s", [ended_record.pk])
        raw = cursor.fetchone()[0]
    assert NOTE not in raw and "船上" not in raw
    assert HotlineFollowUp.objects.filter(record=ended_record, done_at=None).exists()


def test_it_audits_every_read_of_records(world, ended_record, counsellor_client) -> None:
    counsellor_client.get(f"/hotline/records/{ended_record.pk}/")
    counsellor_client.get(f"/hotline/records/{ended_record.pk}/crisis/")
    counsellor_client.get("/hotline/records/")
    reads = AuditEvent.objects.filter(action="hotline.record_read", actor=world.counsellor)
    assert sorted(e.detail["page"] for e in reads) == ["crisis", "record", "records"]
    assert reads.filter(target_id=str(ended_record.pk)).count() == 2


def test_it_marks_a_crisis_during_the_call_with_a_tier_two_alert_and_a_follow_up(
    world, caller, counsellor_client
) -> None:
    call = connected_call(world, caller)
    record = CallRecord.objects.get(call=call)
    page = counsellor_client.get(f"/hotline/records/{record.pk}/crisis/").content.decode()
    assert "12356" in page and "12395" in page
    response = counsellor_client.post(
        f"/hotline/records/{record.pk}/crisis/",
        {"steps": ["safety", "means", "master"], "master_basis": "life_at_risk"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.is_crisis and record.crisis_checklist["master_basis"] == "life_at_risk"
    alert = CrisisAlert.objects.get(seafarer=caller)
    assert alert.tier == 2 and alert.status == "open" and record.alert == alert
    follow_up = HotlineFollowUp.objects.get(record=record)
    assert follow_up.due_at - timezone.now() < timedelta(hours=24, minutes=1)
    assert AuditEvent.objects.filter(action="hotline.crisis", target_id=str(record.pk)).exists()
    # Marking again updates the checklist only: no second alert or follow-up.
    counsellor_client.post(
        f"/hotline/records/{record.pk}/crisis/",
        {"steps": ["safety", "means", "master", "hand_off"], "master_basis": "life_at_risk"},
    )
    assert CrisisAlert.objects.count() == 1 and HotlineFollowUp.objects.count() == 1


def test_it_refuses_contact_with_the_master_without_a_basis(ended_record, counsellor_client):
    response = counsellor_client.post(
        f"/hotline/records/{ended_record.pk}/crisis/",
        {"steps": ["master"], "master_basis": "not_contacted"},
    )
    assert response.status_code == 400
    assert "已联系船长时,请说明依据" in response.content.decode()
    ended_record.refresh_from_db()
    assert not ended_record.is_crisis and not CrisisAlert.objects.exists()


def test_it_keeps_the_record_length_once_the_call_ends(world, caller) -> None:
    call = connected_call(world, caller)
    from seafarers_home.hotline.models import HotlineCall

    HotlineCall.objects.filter(pk=call.pk).update(
        answered_at=timezone.now() - timedelta(minutes=12)
    )
    call.refresh_from_db()
    do_end_call(call, world.counsellor)
    assert 715 <= CallRecord.objects.get(call=call).duration_seconds <= 725


def test_it_logs_a_phone_line_call_by_hand(world, caller, counsellor_client) -> None:
    started = timezone.localtime(timezone.now() - timedelta(hours=1))
    form = {
        "started_at": started.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "25",
        "seafarer_phone": "13899999999",
        "reason_categories": ["loneliness"],
        "follow_up": "none",
        "note": NOTE,
    }
    response = counsellor_client.post("/hotline/records/log/", form)
    assert response.status_code == 400
    assert "没有找到使用这个手机号的海员。" in response.content.decode()
    assert not CallRecord.objects.exists()
    # A time in the future is said with the form's other errors, not in a second round.
    later = timezone.localtime(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = counsellor_client.post("/hotline/records/log/", {**form, "started_at": later})
    page = response.content.decode()
    assert "通话时间不能晚于现在。" in page and "没有找到使用这个手机号的海员。" in page
    form["seafarer_phone"] = caller.phone
    response = counsellor_client.post("/hotline/records/log/", form)
    record = CallRecord.objects.get()
    assert response["Location"] == f"/hotline/records/{record.pk}/"
    assert record.source == "manual" and record.channel == "phone_line"
    assert record.seafarer == caller and record.duration_seconds == 25 * 60
    assert record.counsellor == world.counsellor and record.note == NOTE
