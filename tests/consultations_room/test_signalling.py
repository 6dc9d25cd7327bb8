"""The room's WebSocket: who gets in, what is relayed, what closes it (consumer level)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync

from seafarers_home.audit.models import AuditEvent
from seafarers_home.callroom.consumers import MAX_FRAME
from tests.consultations_room.conftest import HEADERS, Communicator, session_headers
from tests.personas import give_health_consent

pytestmark = pytest.mark.django_db(transaction=True)

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "session": "s1"}


def path(appointment) -> str:
    return f"/ws/consultations/{appointment.pk}/"


def refusal(appointment, headers) -> tuple[bool, int | None]:
    async def scenario():
        communicator = Communicator(path(appointment), headers)
        result = await communicator.connect()
        await communicator.disconnect()
        return result

    return async_to_sync(scenario)()


def test_it_closes_anonymous_and_unverified_staff_with_4401(world, appointment_factory):
    appointment = appointment_factory()
    assert refusal(appointment, HEADERS) == (False, 4401)
    staff = session_headers(world.clinician, two_factor=False)
    assert refusal(appointment, staff) == (False, 4401)


def test_it_closes_other_people_with_4404(world, appointment_factory):
    appointment = appointment_factory()
    give_health_consent(world.seafarer_b)
    for persona in ("outsider", "seafarer_b", "counsellor", "union_staff", "admin", "officer_a"):
        headers = session_headers(world.persona(persona))
        assert refusal(appointment, headers) == (False, 4404), persona


def test_it_refuses_the_wrong_time_with_4409(world, appointment_factory):
    give_health_consent(world.seafarer)
    early = appointment_factory(starts_in=timedelta(minutes=11))
    late = appointment_factory(starts_in=timedelta(minutes=-61), minutes=30)
    soon = appointment_factory(starts_in=timedelta(minutes=9))
    assert refusal(early, session_headers(world.seafarer)) == (False, 4409)
    assert refusal(late, session_headers(world.clinician)) == (False, 4409)
    assert refusal(soon, session_headers(world.seafarer)) == (True, None)


def test_it_refuses_a_seafarer_without_health_consent_with_4403(world, appointment_factory):
    appointment = appointment_factory()
    assert refusal(appointment, session_headers(world.seafarer)) == (False, 4403)


def test_it_refuses_cancelled_and_in_clinic_appointments(world, appointment_factory):
    give_health_consent(world.seafarer)
    cancelled = appointment_factory(status="cancelled")
    in_clinic = appointment_factory(mode="in_clinic")
    assert refusal(cancelled, session_headers(world.seafarer)) == (False, 4404)
    assert refusal(in_clinic, session_headers(world.clinician)) == (False, 4404)


def test_it_relays_signalling_and_chat_between_the_two_and_audits_join_and_leave(
    world, appointment_factory
):
    give_health_consent(world.seafarer)
    appointment = appointment_factory()
    doctor_headers = session_headers(world.clinician)
    seafarer_headers = session_headers(world.seafarer)

    async def scenario() -> None:
        doctor = Communicator(path(appointment), doctor_headers)
        assert await doctor.connect() == (True, None)
        welcome = await doctor.receive()
        assert welcome["type"] == "welcome" and welcome["offerer"] is True
        assert welcome["peer"] == str(world.seafarer)
        seafarer = Communicator(path(appointment), seafarer_headers)
        assert await seafarer.connect() == (True, None)
        assert (await seafarer.receive())["offerer"] is False
        assert await doctor.receive() == {"type": "peer_joined"}
        assert await seafarer.receive() == {"type": "peer_here"}
        await doctor.send_json(OFFER)
        assert await seafarer.receive() == OFFER
        candidate = {
            "type": "candidate",
            "session": "s1",
            "candidate": {
                "candidate": "candidate:1 1 udp 1 192.0.2.2 5000 typ host",
                "sdpMid": "0",
                "sdpMLineIndex": 0,
                "usernameFragment": "abcd",
            },
        }
        await seafarer.send_json(candidate)
        assert await doctor.receive() == candidate
        await seafarer.send_json({"type": "chat", "text": "医生您好", "id": "m1"})
        assert await doctor.receive() == {"type": "chat", "text": "医生您好", "id": "m1"}
        # Only the flags the sender set: a missing flag means "unchanged", not "off".
        await seafarer.send_json({"type": "state", "muted": True})
        assert await doctor.receive() == {"type": "state", "muted": True}
        end_of_candidates = {"type": "candidate", "candidate": None, "session": "s1"}
        await seafarer.send_json(end_of_candidates)
        assert await doctor.receive() == end_of_candidates
        # The answerer's request for an in-place renegotiation with in-band FEC (call.js).
        await seafarer.send_json({"type": "fec"})
        assert await doctor.receive() == {"type": "fec"}
        assert await seafarer.nothing()  # nothing echoes back to the sender
        await seafarer.send_json({"type": "ping"})
        assert await seafarer.receive() == {"type": "pong"}
        assert await doctor.nothing()
        await seafarer.disconnect()
        assert await doctor.receive() == {"type": "peer_left"}
        await doctor.disconnect()

    async_to_sync(scenario)()
    actions = list(
        AuditEvent.objects.filter(target_id=str(appointment.pk))
        .order_by("pk")
        .values_list("action", "actor_id")
    )
    assert actions == [
        ("callroom.join", world.clinician.pk),
        ("callroom.join", world.seafarer.pk),
        ("callroom.leave", world.seafarer.pk),
        ("callroom.leave", world.clinician.pk),
    ]


@pytest.mark.parametrize(
    "frame",
    [
        "not json",
        json.dumps(["offer"]),
        json.dumps({"type": "video_stream", "data": "x"}),
        json.dumps({"type": "chat", "text": "hi", "id": "1", "html": "<b>"}),
        json.dumps({"type": "chat", "text": "   ", "id": "1"}),
        json.dumps({"type": "chat", "text": "x" * 2001, "id": "1"}),
        json.dumps({"type": "offer", "session": "s1"}),
        json.dumps({"type": "offer", "sdp": "x" * MAX_FRAME, "session": "s1"}),
        json.dumps({"type": "candidate", "candidate": {"candidate": 5}, "session": "s"}),
        json.dumps({"type": "candidate", "candidate": {"sdpMLineIndex": True}, "session": "s"}),
        json.dumps({"type": "state", "video": "no"}),
        json.dumps({"type": "state", "video": None}),
        json.dumps({"type": "state", "reason": ["user"]}),  # once a TypeError in the consumer
        json.dumps({"type": "state", "reason": "bored"}),
        json.dumps({"type": "candidate", "candidate": {"sdpMLineIndex": 64}, "session": "s"}),
        json.dumps({"type": "candidate", "candidate": {"candidate": "", "x": 1}, "session": "s"}),
        json.dumps({"type": "bye", "reason": "done"}),
        json.dumps({"type": 5}),
        json.dumps({"text": "no type"}),
        "[" * 100_000,
        "[" * 8000 + "]" * 8000,
        b"\x00\x01binary",
    ],
)
def test_it_closes_malformed_messages_with_4400_and_keeps_serving(
    world, appointment_factory, frame
):
    appointment = appointment_factory()
    headers = session_headers(world.clinician)

    async def scenario() -> tuple[dict, tuple]:
        first = Communicator(path(appointment), headers)
        assert await first.connect() == (True, None)
        await first.receive()
        if isinstance(frame, bytes):
            await first.send_bytes(frame)
        else:
            await first.send_text(frame)
        closed = await first.receive_until("never")
        second = Communicator(path(appointment), headers)
        connected = await second.connect()
        await second.send_json({"type": "ping"})
        await second.receive_until("pong")
        await second.disconnect()
        return closed, connected

    closed, connected = async_to_sync(scenario)()
    assert closed == {"closed": 4400}
    assert connected == (True, None)


def test_it_tells_the_other_side_when_a_peer_vanishes_and_lets_it_rejoin(
    world, appointment_factory
):
    give_health_consent(world.seafarer)
    appointment = appointment_factory()
    doctor_headers = session_headers(world.clinician)
    seafarer_headers = session_headers(world.seafarer)

    async def scenario() -> None:
        doctor = Communicator(path(appointment), doctor_headers)
        await doctor.connect()
        await doctor.receive()
        seafarer = Communicator(path(appointment), seafarer_headers)
        await seafarer.connect()
        await doctor.receive_until("peer_joined")
        # The link drops without a goodbye: the server sees the socket go.
        await seafarer.disconnect()
        assert await doctor.receive() == {"type": "peer_left"}
        again = Communicator(path(appointment), seafarer_headers)
        assert await again.connect() == (True, None)
        assert (await again.receive())["type"] == "welcome"
        assert await doctor.receive() == {"type": "peer_joined"}
        assert await again.receive() == {"type": "peer_here"}
        await doctor.send_json(OFFER)
        assert await again.receive() == OFFER
        await again.disconnect()
        await doctor.disconnect()

    async_to_sync(scenario)()


def test_it_lets_a_newer_connection_of_the_same_person_replace_the_old_one(
    world, appointment_factory
):
    give_health_consent(world.seafarer)
    appointment = appointment_factory()
    doctor_headers = session_headers(world.clinician)
    seafarer_headers = session_headers(world.seafarer)

    async def scenario() -> None:
        doctor = Communicator(path(appointment), doctor_headers)
        await doctor.connect()
        await doctor.receive()
        old = Communicator(path(appointment), seafarer_headers)
        await old.connect()
        await doctor.receive_until("peer_joined")
        new = Communicator(path(appointment), seafarer_headers)
        await new.connect()
        assert await old.receive_until("replaced") == {"type": "replaced"}
        assert await old.receive() == {"closed": 4000}
        assert await doctor.receive() == {"type": "peer_joined"}
        # The replaced socket going away is not the peer leaving.
        assert await doctor.nothing(0.5)
        await doctor.send_json({"type": "chat", "text": "还在吗", "id": "c2"})
        assert (await new.receive_until("chat"))["text"] == "还在吗"
        await new.disconnect()
        await doctor.disconnect()

    async_to_sync(scenario)()
