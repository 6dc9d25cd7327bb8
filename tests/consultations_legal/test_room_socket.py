"""The legal consultation's room is the consultation room's WebSocket: the seafarer (no
health-data consent needed) and the slot's legal worker get in and signal to each other; a
clinician, another legal worker, a company officer are closed with 4404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync

from seafarers_home.accounts.models import Role
from seafarers_home.audit.models import AuditEvent
from tests.consultations_legal.conftest import legal_appointment
from tests.consultations_room.conftest import Communicator, session_headers
from tests.personas import World, _user

pytestmark = pytest.mark.django_db(transaction=True)

OFFER = {"type": "offer", "sdp": "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n", "session": "s1"}


def _refusal(path: str, headers) -> tuple[bool, int | None]:
    async def scenario():
        communicator = Communicator(path, headers)
        result = await communicator.connect()
        await communicator.disconnect()
        return result

    return async_to_sync(scenario)()


def test_the_legal_worker_and_the_seafarer_meet_in_one_room(world: World) -> None:
    appointment = legal_appointment(world, starts_in=timedelta(0))
    path = f"/ws/consultations/{appointment.pk}/"
    worker_headers = session_headers(world.legal_worker)
    seafarer_headers = session_headers(world.seafarer)

    async def scenario() -> None:
        worker = Communicator(path, worker_headers)
        assert await worker.connect() == (True, None)
        welcome = await worker.receive()
        assert welcome["type"] == "welcome" and welcome["offerer"] is True
        seafarer = Communicator(path, seafarer_headers)
        assert await seafarer.connect() == (True, None)
        assert (await seafarer.receive())["offerer"] is False
        assert await worker.receive() == {"type": "peer_joined"}
        assert await seafarer.receive() == {"type": "peer_here"}
        await worker.send_json(OFFER)
        assert await seafarer.receive() == OFFER
        await seafarer.send_json({"type": "chat", "text": "您好,我想问欠薪的事", "id": "m1"})
        assert (await worker.receive())["text"] == "您好,我想问欠薪的事"
        await seafarer.disconnect()
        assert await worker.receive() == {"type": "peer_left"}
        await worker.disconnect()

    async_to_sync(scenario)()
    joins = AuditEvent.objects.filter(action="callroom.join", target_id=str(appointment.pk))
    assert sorted(joins.values_list("actor_id", flat=True)) == sorted(
        [world.legal_worker.pk, world.seafarer.pk]
    )
    assert {e.detail["kind"] for e in joins} == {"legal_consultation"}


def test_a_clinician_and_other_staff_cannot_enter_a_legal_room(world: World) -> None:
    appointment = legal_appointment(world, starts_in=timedelta(0))
    path = f"/ws/consultations/{appointment.pk}/"
    colleague = _user("13800000029", "孙律师", (Role.LEGAL_WORKER, world.union))
    for user in (world.clinician, colleague, world.officer_a, world.union_staff, world.seafarer_b):
        assert _refusal(path, session_headers(user)) == (False, 4404), user
    # Staff who have not passed their TOTP step are not let in either.
    assert _refusal(path, session_headers(world.legal_worker, two_factor=False)) == (False, 4401)
