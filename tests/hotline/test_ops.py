"""Roster, supervisor view and the phone system's webhook."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.models import DutyShift
from seafarers_home.alerts.services import on_duty
from seafarers_home.hotline.actions.queue import do_join_queue
from seafarers_home.hotline.models import CallRecord, HotlineCall, HotlineShift
from seafarers_home.hotline.records import webhook_signature
from seafarers_home.lib.zones import hospital_zone
from tests.personas import World

pytestmark = pytest.mark.django_db
SECRET = "test-webhook-secret"


def _local(day: str, hour: int) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00").replace(tzinfo=hospital_zone())


def test_it_highlights_every_uncovered_hour_of_the_week(world: World, client_for) -> None:
    HotlineShift.objects.create(
        user=world.counsellor,
        kind="counsellor",
        starts_at=_local("2026-11-30", 8),
        ends_at=_local("2026-11-30", 20),
    )
    page = client_for("union_staff").get("/hotline/roster/?week=2026-12-02").content.decode()
    # Monday 30 November: 12 hours covered, so 7 × 24 − 12 uncovered hours in the week.
    assert "本周有 156 个小时无人值班" in page
    assert page.count('class="gap"') == 156


def test_it_puts_an_on_call_psychiatrist_shift_on_the_alert_roster(
    world: World, client_for
) -> None:
    start = timezone.now() - timedelta(hours=1)
    response = client_for("counsellor").post(
        "/hotline/roster/",
        {
            "person": world.clinician.pk,
            "kind": "psychiatrist",
            "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(start + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    shift = HotlineShift.objects.get()
    assert shift.duty_shift.tier == 2
    assert on_duty(2) == [world.clinician]
    client_for("counsellor").post(f"/hotline/roster/shifts/{shift.pk}/remove/")
    assert not DutyShift.objects.exists()


def test_it_refuses_overlapping_shifts_and_the_wrong_person(world: World, client_for) -> None:
    client = client_for("counsellor")
    base = {
        "person": world.counsellor.pk,
        "kind": "counsellor",
        "starts_at": "2026-12-01T08:00",
        "ends_at": "2026-12-01T16:00",
    }
    assert client.post("/hotline/roster/", base).status_code == 302
    overlap = client.post(
        "/hotline/roster/", {**base, "starts_at": "2026-12-01T12:00", "ends_at": "2026-12-01T20:00"}
    )
    assert "这个人在这段时间已经有班次" in overlap.content.decode()
    wrong = client.post(
        "/hotline/roster/",
        {
            **base,
            "person": world.clinician.pk,
            "starts_at": "2026-12-02T08:00",
            "ends_at": "2026-12-02T09:00",
        },
    )
    assert "这个人不能担任这个岗位" in wrong.content.decode()
    assert HotlineShift.objects.count() == 1
    # Union staff read the roster but do not edit it.
    assert client_for("union_staff").post("/hotline/roster/", base).status_code == 404


def test_it_shows_the_supervisor_the_queue_without_who_is_calling(world: World, client_for) -> None:
    do_join_queue(world.seafarer)
    page = client_for("union_staff").get("/hotline/supervisor/").content.decode()
    assert "排队中 1 通" in page
    assert "王海" not in page and world.seafarer.phone not in page
    assert "<svg" in page


def test_it_reports_answer_and_abandoned_rates(world: World, client_for) -> None:
    now = timezone.now()
    for n, status in enumerate(["completed", "completed", "abandoned", "callback_offered"]):
        HotlineCall.objects.create(
            channel="in_app",
            status=status,
            queued_at=now - timedelta(hours=n + 1),
            answered_at=now - timedelta(hours=n + 1) + timedelta(seconds=40 * (n + 1))
            if status == "completed"
            else None,
            ended_at=now - timedelta(hours=n),
        )
    page = client_for("counsellor").get("/hotline/supervisor/?days=7").content.decode()
    assert "50%" in page  # 2 of 4 answered
    assert "25%" in page  # 1 of 4 abandoned


def _post(
    client: Client,
    body: dict,
    *,
    nonce: str | None = None,
    timestamp: int | None = None,
    secret: str = SECRET,
):
    raw = json.dumps(body).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or uuid.uuid4().hex
    return client.post(
        "/hotline/webhook/cdr/",
        raw,
        content_type="application/json",
        HTTP_X_HOTLINE_TIMESTAMP=ts,
        HTTP_X_HOTLINE_NONCE=nonce,
        HTTP_X_HOTLINE_SIGNATURE=webhook_signature(secret, ts, nonce, raw),
    )


CDR = {
    "call_id": "PBX-0001",
    "started_at": "2026-11-29T02:00:00+00:00",
    "duration_seconds": 420,
    "caller": "+8613800000001",
}


def test_it_accepts_a_signed_call_detail_record_once(world: World, settings) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = SECRET
    client = Client()
    first = _post(client, CDR, nonce="n-1")
    assert first.status_code == 201
    record = CallRecord.objects.get()
    assert (record.source, record.channel, record.duration_seconds) == (
        "webhook",
        "phone_line",
        420,
    )
    assert "13800000001" not in record.caller_number_hash
    # The phone system retries the same call with a fresh nonce: stored once.
    assert _post(client, CDR, nonce="n-2").status_code == 200
    assert CallRecord.objects.count() == 1


def test_it_refuses_replays_bad_signatures_and_stale_timestamps(world: World, settings) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = SECRET
    client = Client()
    assert _post(client, CDR, nonce="same").status_code == 201
    assert _post(client, {**CDR, "call_id": "PBX-0002"}, nonce="same").status_code == 409
    assert _post(client, {**CDR, "call_id": "PBX-0003"}, secret="wrong").status_code == 401
    stale = int(time.time()) - 3600
    assert _post(client, {**CDR, "call_id": "PBX-0004"}, timestamp=stale).status_code == 401
    assert (
        _post(client, {**CDR, "call_id": "PBX-0005", "duration_seconds": "long"}).status_code == 400
    )
    assert (
        _post(client, {**CDR, "call_id": "PBX-0006", "started_at": "2026-11-29T02:00"}).status_code
        == 400
    )
    assert list(CallRecord.objects.values_list("external_id", flat=True)) == ["PBX-0001"]


def test_it_refuses_everything_while_no_secret_is_configured(world: World, settings) -> None:
    settings.HOTLINE_WEBHOOK_SECRET = ""
    assert _post(Client(), CDR, secret="").status_code == 401
    assert not CallRecord.objects.exists()
