"""The hotline's voice room: the consultations' room consumer on ws/hotline/<call_id>/.
Only the call's seafarer and its counsellor, only while connected; an anonymous caller stays
anonymous; hanging up in the room ends the call; a counsellor whose browser closes mid-call
(and who does not come back) has the call dropped and the caller offered a callback."""

from __future__ import annotations

from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from seafarers_home.hotline.models import CounsellorState, HotlineCall
from seafarers_home.notifications.models import Notification
from tests.consultations_room.conftest import Communicator, session_headers
from tests.hotline_calls.conftest import connected_call, run_worker
from tests.personas import give_health_consent, login

pytestmark = pytest.mark.django_db(transaction=True)
STALE_TASK = "seafarers_home.hotline.tasks.drop_stale_check"


def path(call: HotlineCall) -> str:
    return f"/ws/hotline/{call.pk}/"


def refusal(call: HotlineCall, headers) -> tuple[bool, int | None]:
    async def scenario():
        communicator = Communicator(path(call), headers)
        result = await communicator.connect()
        await communicator.disconnect()
        return result

    return async_to_sync(scenario)()


def test_it_admits_only_the_two_and_only_while_connected(world, caller, make_counsellor):
    call = connected_call(world, caller)
    give_health_consent(world.seafarer_b)
    for person in (world.seafarer_b, world.clinician, world.outsider, make_counsellor(5)):
        assert refusal(call, session_headers(person)) == (False, 4404), person
    assert refusal(call, session_headers(world.counsellor, two_factor=False)) == (False, 4401)
    assert refusal(call, session_headers(world.counsellor)) == (True, None)
    assert refusal(call, session_headers(caller)) == (True, None)
    HotlineCall.objects.filter(pk=call.pk).update(status="completed", ended_at=timezone.now())
    assert refusal(call, session_headers(caller)) == (False, 4409)


def test_it_refuses_a_seafarer_without_the_health_consent(world):
    call = HotlineCall.objects.create(
        seafarer=world.seafarer,
        channel="in_app",
        status="connected",
        queued_at=timezone.now(),
        answered_at=timezone.now(),
        counsellor=world.counsellor,
    )
    assert refusal(call, session_headers(world.seafarer)) == (False, 4403)


def test_it_relays_between_the_two_and_keeps_an_anonymous_caller_anonymous(world, caller):
    call = connected_call(world, caller, anonymous=True)
    counsellor_headers, caller_headers = session_headers(world.counsellor), session_headers(caller)

    async def scenario() -> None:
        counsellor = Communicator(path(call), counsellor_headers)
        assert await counsellor.connect() == (True, None)
        welcome = await counsellor.receive()
        assert welcome["offerer"] is True and welcome["peer"] == "匿名来电者"
        seafarer = Communicator(path(call), caller_headers)
        assert await seafarer.connect() == (True, None)
        welcome = await seafarer.receive()
        assert welcome["offerer"] is False and welcome["peer"] == str(world.counsellor)
        await counsellor.receive_until("peer_joined")
        await seafarer.receive_until("peer_here")
        offer = {"type": "offer", "sdp": "v=0\r\n", "session": "s1"}
        await counsellor.send_json(offer)
        assert await seafarer.receive() == offer
        await seafarer.send_text("not json")
        assert await seafarer.receive_until("never") == {"closed": 4400}
        await seafarer.disconnect()
        assert await counsellor.receive() == {"type": "peer_left"}
        await counsellor.disconnect()

    async_to_sync(scenario)()
    assert HotlineCall.objects.get(pk=call.pk).status == "connected"  # malformed ends nothing


def test_it_ends_the_call_when_the_caller_hangs_up_in_the_room(world, caller):
    call = connected_call(world, caller)
    counsellor_headers, caller_headers = session_headers(world.counsellor), session_headers(caller)

    async def scenario() -> None:
        counsellor = Communicator(path(call), counsellor_headers)
        await counsellor.connect()
        seafarer = Communicator(path(call), caller_headers)
        await seafarer.connect()
        await counsellor.receive_until("peer_joined")
        await seafarer.send_json({"type": "bye"})
        assert await counsellor.receive_until("bye") == {"type": "bye"}
        assert await counsellor.receive_until("closing") == {"type": "closing"}
        assert await counsellor.receive_until("never") == {"closed": 4409}
        await seafarer.disconnect()

    async_to_sync(scenario)()
    call.refresh_from_db()
    assert call.status == "completed" and call.ended_at is not None
    assert CounsellorState.objects.get(user=world.counsellor).state == "available"


def test_it_closes_the_room_when_the_counsellor_ends_the_call_on_the_console(world, caller):
    call = connected_call(world, caller)
    caller_headers = session_headers(caller)
    console = login(Client(), world.counsellor)

    async def scenario() -> None:
        seafarer = Communicator(path(call), caller_headers)
        await seafarer.connect()
        await seafarer.receive_until("welcome")
        await sync_to_async(console.post)(f"/hotline/calls/{call.pk}/end/")
        assert await seafarer.receive_until("closing") == {"type": "closing"}
        assert await seafarer.receive_until("never") == {"closed": 4409}

    async_to_sync(scenario)()
    assert HotlineCall.objects.get(pk=call.pk).status == "completed"


def _counsellor_leaves_the_room(world, call, *, comes_back: bool) -> None:
    counsellor_headers = session_headers(world.counsellor)

    async def scenario() -> None:
        counsellor = Communicator(path(call), counsellor_headers)
        await counsellor.connect()
        await counsellor.send_json({"type": "ping"})
        await counsellor.receive_until("pong")
        await counsellor.disconnect()  # the browser is closed mid-call

    async_to_sync(scenario)()
    stale = DBTaskResult.objects.get(task_path=STALE_TASK)
    assert stale.status == "READY" and stale.run_after > timezone.now() + timedelta(seconds=60)
    # Time passes: the heartbeat is older than HOTLINE_HEARTBEAT_SECONDS, the check is due.
    long_ago = timezone.now() - timedelta(minutes=5)
    CounsellorState.objects.filter(user=world.counsellor).update(last_seen_at=long_ago)
    DBTaskResult.objects.filter(pk=stale.pk).update(run_after=timezone.now())
    if comes_back:
        async_to_sync(refusal_or_join)(call, counsellor_headers)
    run_worker()


async def refusal_or_join(call: HotlineCall, headers) -> None:
    again = Communicator(path(call), headers)
    assert await again.connect() == (True, None)
    await again.disconnect()


def test_it_drops_the_call_and_offers_a_callback_when_the_counsellor_vanishes(
    world, caller, outbox
):
    call = connected_call(world, caller)
    outbox.clear()
    _counsellor_leaves_the_room(world, call, comes_back=False)
    call.refresh_from_db()
    assert call.status == "dropped"
    assert CounsellorState.objects.get(user=world.counsellor).state == "away"
    notice = Notification.objects.get(user=caller, kind="hotline.callback_offered")
    assert notice.url == "/hotline/"
    assert [phone for phone, _text in outbox] == [caller.phone]
    page = login(Client(), caller).get("/hotline/").content.decode()
    assert "通话中断了。" in page and 'id="hotline-callback"' in page


def test_it_keeps_the_call_when_the_counsellor_comes_back_in_time(world, caller):
    call = connected_call(world, caller)
    _counsellor_leaves_the_room(world, call, comes_back=True)
    assert HotlineCall.objects.get(pk=call.pk).status == "connected"
