"""Frames through the gateway endpoint to the services of the web and the API: scored and
risk-checked screenings (a crisis raises the alert in the frame's transaction), callbacks,
check-ins, SOS; and what is refused: unsigned deliveries, forged, replayed and unknown-device
frames (no reply, nothing stored), duplicates (stored once, the same reply)."""

from __future__ import annotations

import datetime
import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from seafarers_home.alerts.models import CrisisAlert, HelpRequest
from seafarers_home.consent.actions import do_withdraw_consent
from seafarers_home.consent.models import ConsentKind
from seafarers_home.hotline.models import CallbackRequest
from seafarers_home.screening.models import Response, Screening
from seafarers_home.sea_frames import codec
from seafarers_home.sea_frames.actions import do_receive_frame, do_revoke_device
from seafarers_home.sea_frames.models import MonthlyUsage, ReceivedFrame
from seafarers_home.voyages.care import run_care_pathway
from seafarers_home.voyages.models import CareTask
from tests.personas import login
from tests.sea_frames.conftest import deliver, signed_post
from tests.voyages_care.conftest import ensure_default_plan, make_voyage

pytestmark = pytest.mark.django_db

A = codec.Answers


def _now() -> datetime.datetime:
    return timezone.now().replace(microsecond=0)


def _reply(device, answer: dict) -> codec.AckMessage:
    assert answer["reply"], answer
    header, message = codec.decode_frame(bytes.fromhex(answer["reply_hex"]), device.key_bytes)
    assert header.device_id == device.device_id
    assert isinstance(message, codec.AckMessage)
    return message


def _screening(*answers: codec.Answers) -> codec.ScreeningMessage:
    return codec.ScreeningMessage(_now(), answers)


def test_a_phq9_and_gad7_frame_is_scored_like_the_api(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    frame = codec.encode_frame(
        device.device_id,
        1,
        key,
        _screening(A("phq9", (1, 1, 2, 1, 0, 1, 1, 0, 0)), A("gad7", (2, 2, 2, 2, 2, 1, 1))),
    )
    answer = deliver(frame)
    assert answer["result"] == "accepted"
    assert _reply(device, answer).status == codec.AckStatus.ACCEPTED
    phq9 = Response.objects.get(seafarer=seafarer, instrument_code="phq9")
    gad7 = Response.objects.get(seafarer=seafarer, instrument_code="gad7")
    assert (phq9.total_score, phq9.band, phq9.risk_level) == (7.0, "mild", "routine")
    assert (gad7.total_score, gad7.risk_level) == (12.0, "follow_up")
    assert json.loads(phq9.answers)["phq9_3"] == 2
    stored = ReceivedFrame.objects.get(device=device)
    assert (stored.counter, stored.size, stored.frame_type) == (1, 27, 1)
    assert not CrisisAlert.objects.filter(seafarer=seafarer).exists()
    usage = MonthlyUsage.objects.get(seafarer=seafarer, channel="frame")
    assert (usage.requests, usage.bytes) == (1, 27)


def test_phq9_item9_raises_the_crisis_alert_and_the_reply_shows_help(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    frame = codec.encode_frame(
        device.device_id, 5, key, _screening(A("phq9", (0, 0, 0, 0, 0, 0, 0, 0, 2)))
    )
    answer = deliver(frame, as_json=False)  # the raw bytes, as an Iridium gateway posts them
    assert _reply(device, answer).status == codec.AckStatus.CRISIS_HELP
    alert = CrisisAlert.objects.get(seafarer=seafarer)
    assert (alert.source, alert.reason) == ("screening", "phq9_item9")
    assert alert.source_id == str(Response.objects.get(seafarer=seafarer).pk)


def test_the_alert_is_in_the_frames_transaction(world, register, monkeypatch):
    """Should anything after the hand-over fail, the alert goes with the rest: never an
    alert without its frame, nor a frame whose alert was lost."""
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    frame = codec.encode_frame(
        device.device_id, 5, key, _screening(A("phq9", (3, 3, 3, 3, 3, 3, 3, 3, 3)))
    )

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("seafarers_home.sea_frames.actions.count_usage", broken)
    with pytest.raises(RuntimeError):
        do_receive_frame(frame)
    assert not CrisisAlert.objects.exists()
    assert not Response.objects.exists()
    assert not ReceivedFrame.objects.exists()


def test_the_pre_departure_battery_becomes_a_completed_screening(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    message = _screening(
        A("phq9", (0,) * 9), A("gad7", (0,) * 7), A("who5", (5,) * 5), A("auditc", (0, 0, 0))
    )
    deliver(codec.encode_frame(device.device_id, 2, key, message))
    screening = Screening.objects.get(seafarer=seafarer)
    assert screening.battery.code == "pre-departure"
    assert screening.status == Screening.Status.COMPLETED
    assert screening.responses.count() == 4
    assert ReceivedFrame.objects.get().target == f"screening:{screening.pk}"


def test_a_duplicate_is_stored_once_and_answered_the_same(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    frame = codec.encode_frame(device.device_id, 3, key, _screening(A("phq4", (1, 0, 1, 0))))
    first, second = deliver(frame), deliver(frame)
    assert (first["result"], second["result"]) == ("accepted", "duplicate")
    assert first["reply"] == second["reply"]
    assert Response.objects.filter(seafarer=seafarer).count() == 1
    assert ReceivedFrame.objects.count() == 1
    assert MonthlyUsage.objects.get(seafarer=seafarer).requests == 1


def test_an_old_counter_is_refused_without_a_reply(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    deliver(codec.encode_frame(device.device_id, 10, key, _screening(A("phq4", (0,) * 4))))
    for counter in (9, 1):  # a replay of another frame, or a counter gone backwards
        frame = codec.encode_frame(device.device_id, counter, key, _screening(A("phq4", (3,) * 4)))
        answer = deliver(frame)
        assert (answer["result"], answer["reply"]) == ("ignored", None)
    same_counter = codec.encode_frame(device.device_id, 10, key, codec.SosMessage(_now()))
    assert deliver(same_counter)["result"] == "ignored"
    assert Response.objects.filter(seafarer=seafarer).count() == 1
    assert not CrisisAlert.objects.exists()


def test_tampered_unknown_and_revoked_are_refused_without_a_reply(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)
    frame = bytearray(codec.encode_frame(device.device_id, 4, key, codec.SosMessage(_now())))
    frame[12] ^= 0x01
    assert deliver(bytes(frame)) == {
        "result": "ignored",
        "reason": "bad_tag",
        "reply": None,
        "reply_hex": None,
    }
    stranger = codec.encode_frame(device.device_id ^ 0xFFFF, 4, key, codec.SosMessage(_now()))
    assert deliver(stranger)["reason"] == "unknown_device"
    do_revoke_device(device, seafarer)
    assert (
        deliver(codec.encode_frame(device.device_id, 5, key, codec.SosMessage(_now())))["reply"]
        is None
    )
    assert not ReceivedFrame.objects.exists()
    assert not CrisisAlert.objects.exists()
    assert not HelpRequest.objects.exists()


def test_a_callback_request_books_the_hotline_callback(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer, callback_number="+870 7730 12345")
    message = codec.CallbackMessage(_now(), 4, 8, codec.CallbackTarget.SATELLITE)
    answer = deliver(codec.encode_frame(device.device_id, 1, key, message))
    assert _reply(device, answer).status == codec.AckStatus.ACCEPTED
    callback = CallbackRequest.objects.get(seafarer=seafarer)
    assert (callback.target, callback.number) == ("satellite", "+870 7730 12345")
    assert callback.window_end - callback.window_start == datetime.timedelta(hours=2)
    assert callback.window_start == message.made_at + datetime.timedelta(hours=1)


def test_a_callback_the_hotline_refuses_stores_nothing_and_says_so(world, register):
    seafarer = world.consented_seafarer
    device, key = register(seafarer)  # no satellite number registered with the device
    message = codec.CallbackMessage(_now(), 0, 4, codec.CallbackTarget.SATELLITE)
    answer = deliver(codec.encode_frame(device.device_id, 1, key, message))
    assert answer["result"] == "refused"
    assert _reply(device, answer).status == codec.AckStatus.REFUSED
    passed = codec.CallbackMessage(_now() - datetime.timedelta(hours=5), 0, 4, 1)
    assert deliver(codec.encode_frame(device.device_id, 2, key, passed))["result"] == "refused"
    assert not CallbackRequest.objects.exists()
    assert not ReceivedFrame.objects.exists()


def test_sos_presses_help_now_and_asks_the_ship_to_be_called(world, register):
    seafarer = world.seafarer  # no health-data consent: asking for help never needs one
    device, key = register(seafarer, callback_number="+870 7730 12345")
    message = codec.SosMessage(_now(), codec.Position(30.1234, 122.5678))
    answer = deliver(codec.encode_frame(device.device_id, 1, key, message))
    assert _reply(device, answer).status == codec.AckStatus.CRISIS_HELP
    press = HelpRequest.objects.get(seafarer=seafarer)
    assert press.alert.status == CrisisAlert.Status.OPEN
    assert press.callback.number == "+870 7730 12345"
    assert ReceivedFrame.objects.get().position == "30.1234,122.5678"
    # The clinician's alert page shows where the ship was and the number to call.
    alert_page = login(Client(), world.clinician).get(f"/alerts/{press.alert_id}/")
    assert "30.1234°N 122.5678°E" in alert_page.content.decode()
    assert "+870 7730 12345" in alert_page.content.decode()


def test_screening_without_the_health_consent_is_refused(world, register):
    device, key = register(world.seafarer)
    frame = codec.encode_frame(device.device_id, 1, key, _screening(A("phq4", (0,) * 4)))
    answer = deliver(frame)
    assert _reply(device, answer).status == codec.AckStatus.CONSENT_NEEDED
    seafarer = world.consented_seafarer
    device_b, key_b = register(seafarer)
    do_withdraw_consent(seafarer, ConsentKind.HEALTH_DATA)
    frame = codec.encode_frame(device_b.device_id, 1, key_b, _screening(A("phq4", (0,) * 4)))
    assert _reply(device_b, deliver(frame)).status == codec.AckStatus.CONSENT_NEEDED
    assert not Response.objects.exists()


def test_a_check_in_with_the_pulse_completes_the_at_sea_task(world, register):
    ensure_default_plan()
    seafarer = world.consented_seafarer
    today = timezone.localdate()
    make_voyage(
        seafarer,
        world.vessel_a,
        departs=today - datetime.timedelta(days=3),
        returns=today + datetime.timedelta(days=60),
        recorded=timezone.now() - datetime.timedelta(days=10),
    )
    run_care_pathway(now=timezone.now())
    pulse = CareTask.objects.get(seafarer=seafarer, step__code="at-sea-pulse")
    assert pulse.status == CareTask.Status.OPEN
    device, key = register(seafarer)
    message = codec.CheckInMessage(
        _now(),
        codec.Position(-33.9, 18.4),
        (A("phq4", (0, 1, 0, 1)), A("who5", (4, 4, 3, 4, 5))),
    )
    answer = deliver(codec.encode_frame(device.device_id, 1, key, message))
    assert _reply(device, answer).status == codec.AckStatus.ACCEPTED
    pulse.refresh_from_db()
    assert pulse.status == CareTask.Status.DONE
    screening = Screening.objects.get(seafarer=seafarer)
    assert (screening.battery.code, screening.status) == ("at-sea-pulse", "completed")


def test_a_check_in_without_answers_is_a_sign_of_life(world, register):
    device, key = register(world.seafarer)
    answer = deliver(codec.encode_frame(device.device_id, 1, key, codec.CheckInMessage(_now())))
    assert _reply(device, answer).status == codec.AckStatus.ACCEPTED
    device.refresh_from_db()
    assert device.last_frame_at is not None
    assert ReceivedFrame.objects.get().target == "check_in"


def test_a_frame_made_in_the_future_is_refused(world, register):
    device, key = register(world.seafarer)
    future = codec.SosMessage(_now() + datetime.timedelta(days=2))
    answer = deliver(codec.encode_frame(device.device_id, 1, key, future))
    assert answer["result"] == "refused"
    assert not CrisisAlert.objects.exists()


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/octet-stream"),
        (b"\x10" * 400, "application/octet-stream"),
        (b"not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"frame": "%%%"}', "application/json"),
        (b'{"frame_hex": "zz"}', "application/json"),
        (b'{"other": 1}', "application/json"),
        (b"\x20" + b"\x00" * 30, "application/octet-stream"),  # version 2
        (b"\x1e" + b"\x01" * 30, "application/octet-stream"),  # type 14
    ],
)
def test_malformed_deliveries_get_200_and_store_nothing(db, body, content_type):
    response = signed_post(Client(), body, content_type)
    assert response.status_code == 200
    assert response.json()["result"] in {"malformed", "ignored"}
    assert response.json()["reply"] is None
    assert not ReceivedFrame.objects.exists()


def test_deliveries_without_the_gateways_signature_get_401(db, settings):
    body = b'{"frame": "AAAA"}'
    assert signed_post(Client(), body, "application/json", signature="0" * 64).status_code == 401
    stale = str(int(time.time()) - 3600)
    assert signed_post(Client(), body, "application/json", timestamp=stale).status_code == 401
    assert Client().post("/sea-frames/gateway/", body, "application/json").status_code == 401
    settings.SEA_FRAMES_GATEWAY_SECRET = ""
    assert signed_post(Client(), body, "application/json").status_code == 401
