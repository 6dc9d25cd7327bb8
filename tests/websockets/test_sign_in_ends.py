"""Issue 18 item 3: a socket lives only as long as the sign-in that opened it. Sign-out, a
password change and a removed role close it (an event after commit); an expired session is
caught by the re-check before each event is forwarded. Each test runs on the in-memory layer
and on Redis (``layer``)."""

from __future__ import annotations

from datetime import timedelta
from importlib import import_module

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.notifications.actions import do_send_notification
from tests.consultations_room.conftest import make_appointment
from tests.hotline_calls.conftest import connected_call
from tests.personas import PASSWORD, World, give_health_consent, login
from tests.websockets.conftest import Socket, signed_in

pytestmark = pytest.mark.django_db(transaction=True)

ALERTS = "/ws/alerts/"
BELL = "/ws/notifications/"


def raise_alert(world: World) -> None:
    do_raise_crisis_alert(world.seafarer, source="self", source_id="", reason="help_now")


def colleague(world: World) -> User:
    user = User.objects.create_user("13800000031", PASSWORD, display_name="吴医生")
    RoleGrant.objects.create(user=user, role=Role.CLINICIAN, organisation=world.clinic)
    return user


def expire(session_key: str) -> None:
    """What the clock does to a session: its expiry date passes."""
    past = timezone.now() - timedelta(seconds=1)
    assert Session.objects.filter(session_key=session_key).update(expire_date=past) == 1
    # With Redis the sessions are cached_db: the cached copy expires at that same moment (its
    # time-out is the session's age), which a test cannot wait for, so it goes now.
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    if hasattr(store, "cache_key"):
        caches[settings.SESSION_CACHE_ALIAS].delete(store.cache_key)


async def alert_frames(socket: Socket) -> list[dict]:
    """The board event and the on-duty attention event of one alert, in either order."""
    return [await socket.next(), await socket.next()]


def test_it_closes_the_sockets_of_the_session_that_signs_out(world, layer, outbox):
    client, headers = signed_in(world.clinician)
    _phone, phone_headers = signed_in(world.clinician)  # the same clinician on another device

    async def scenario() -> tuple[list[dict], list[dict], bool]:
        board, bell, phone = (
            Socket(ALERTS, headers),
            Socket(BELL, headers),
            Socket(ALERTS, phone_headers),
        )
        for socket in (board, bell, phone):
            await socket.open()
        response = await database_sync_to_async(client.post)("/accounts/logout/")
        assert response.status_code == 302
        closed = [await board.next(), await bell.next()]
        await database_sync_to_async(raise_alert)(world)
        on_phone = await alert_frames(phone)
        quiet = await board.silent() and await bell.silent()
        for socket in (board, bell, phone):
            await socket.leave()
        return closed, on_phone, quiet

    closed, on_phone, quiet = async_to_sync(scenario)()
    assert closed == [{"closed": 4403}, {"closed": 4401}]
    assert quiet  # nothing after the close, least of all the alert with the seafarer's name
    assert {frame["alert"]["seafarer"] for frame in on_phone} == {"王海"}  # still signed in


def test_it_closes_every_socket_of_a_person_whose_password_changed(world, layer, outbox):
    _browser, headers = signed_in(world.clinician)
    _phone, phone_headers = signed_in(world.clinician)
    _other, other_headers = signed_in(colleague(world))

    def change_password() -> None:
        # As `manage.py changepassword` does it; every session of the old password ends.
        user = User.objects.get(pk=world.clinician.pk)
        user.set_password("Xin-Mima-2027!")
        user.save()

    async def scenario() -> tuple[list[dict], list[dict]]:
        sockets = [Socket(ALERTS, headers), Socket(BELL, phone_headers)]
        other = Socket(ALERTS, other_headers)
        for socket in (*sockets, other):
            await socket.open()
        await database_sync_to_async(change_password)()
        closed = [await socket.next() for socket in sockets]
        await database_sync_to_async(raise_alert)(world)
        on_other = await alert_frames(other)
        for socket in (*sockets, other):
            await socket.leave()
        return closed, on_other

    closed, on_other = async_to_sync(scenario)()
    assert closed == [{"closed": 4403}, {"closed": 4401}]
    assert on_other[0]["event"] == "new"  # a colleague's board is untouched


def test_it_closes_the_alert_board_of_a_clinician_whose_role_is_removed(world, layer, outbox):
    _browser, headers = signed_in(world.clinician)
    admin = login(Client(), world.admin)
    grant = RoleGrant.objects.get(user=world.clinician, role=Role.CLINICIAN)

    def remove_role() -> int:
        path = f"/admin/accounts/rolegrant/{grant.pk}/delete/"
        return admin.post(path, {"post": "yes"}).status_code

    def notify() -> None:
        do_send_notification(world.clinician, kind="test", message="你好", url="/", sms=False)

    async def scenario() -> tuple[dict, dict]:
        board, bell = Socket(ALERTS, headers), Socket(BELL, headers)
        await board.open()
        await bell.open()
        assert await database_sync_to_async(remove_role)() == 302
        closed = await board.next()
        # Still signed in, no longer staff: the bell stays and rings.
        await database_sync_to_async(notify)()
        rung = await bell.next()
        await board.leave()
        await bell.leave()
        return closed, rung

    closed, rung = async_to_sync(scenario)()
    assert closed == {"closed": 4403}
    assert rung == {"kind": "test"}
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_it_forwards_nothing_once_the_session_has_expired(world, layer, outbox):
    client, headers = signed_in(world.clinician)

    async def scenario() -> list[dict]:
        board, bell = Socket(ALERTS, headers), Socket(BELL, headers)
        await board.open()
        await bell.open()
        await database_sync_to_async(expire)(client.session.session_key)
        await database_sync_to_async(raise_alert)(world)
        frames = [await board.next(), await bell.next()]
        assert await board.silent() and await bell.silent()
        await board.leave()
        await bell.leave()
        return frames

    assert async_to_sync(scenario)() == [{"closed": 4403}, {"closed": 4401}]


def _room(world: World) -> str:
    give_health_consent(world.seafarer)
    return f"/ws/consultations/{make_appointment(world).pk}/"


def test_it_closes_a_call_room_socket_on_sign_out(world, layer):
    path = _room(world)
    seafarer_client, seafarer_headers = signed_in(world.seafarer)
    _clinician_client, clinician_headers = signed_in(world.clinician)

    async def scenario() -> tuple[dict, bool]:
        seafarer, clinician = Socket(path, seafarer_headers), Socket(path, clinician_headers)
        await seafarer.open()
        assert (await seafarer.next())["type"] == "welcome"
        await clinician.open()
        assert (await clinician.next())["type"] == "welcome"
        assert (await seafarer.next())["type"] == "peer_joined"
        assert (await clinician.next())["type"] == "peer_here"
        await database_sync_to_async(seafarer_client.post)("/accounts/logout/")
        closed = await seafarer.next()
        await clinician.send({"type": "chat", "text": "您好", "id": "c1"})
        quiet = await seafarer.silent()
        await seafarer.leave()
        await clinician.leave()
        return closed, quiet

    closed, quiet = async_to_sync(scenario)()
    assert closed == {"closed": 4401}
    assert quiet


def test_it_closes_a_call_room_socket_whose_session_expired(world, layer):
    path = _room(world)
    seafarer_client, seafarer_headers = signed_in(world.seafarer)
    _clinician_client, clinician_headers = signed_in(world.clinician)

    async def scenario() -> dict:
        seafarer, clinician = Socket(path, seafarer_headers), Socket(path, clinician_headers)
        await seafarer.open()
        await clinician.open()
        for socket, kinds in (
            (seafarer, {"welcome", "peer_joined"}),
            (clinician, {"welcome", "peer_here"}),
        ):
            assert {(await socket.next())["type"] for _ in kinds} == kinds
        await database_sync_to_async(expire)(seafarer_client.session.session_key)
        await clinician.send({"type": "chat", "text": "您好", "id": "c1"})
        got = await seafarer.next()
        await seafarer.leave()
        await clinician.leave()
        return got

    assert async_to_sync(scenario)() == {"closed": 4401}


def test_it_closes_the_hotline_voice_room_of_a_counsellor_whose_role_is_removed(world, layer):
    give_health_consent(world.seafarer)
    call = connected_call(world, world.seafarer)
    path = f"/ws/hotline/{call.pk}/"
    _counsellor_client, counsellor_headers = signed_in(world.counsellor)
    _seafarer_client, seafarer_headers = signed_in(world.seafarer)
    admin = login(Client(), world.admin)
    grant = RoleGrant.objects.get(user=world.counsellor, role=Role.COUNSELLOR)

    def remove_role() -> int:
        path = f"/admin/accounts/rolegrant/{grant.pk}/delete/"
        return admin.post(path, {"post": "yes"}).status_code

    async def scenario() -> tuple[dict, bool]:
        counsellor, seafarer = Socket(path, counsellor_headers), Socket(path, seafarer_headers)
        await counsellor.open()
        assert (await counsellor.next())["type"] == "welcome"
        await seafarer.open()
        assert (await seafarer.next())["type"] == "welcome"
        assert (await counsellor.next())["type"] == "peer_joined"
        assert (await seafarer.next())["type"] == "peer_here"
        assert await database_sync_to_async(remove_role)() == 302
        closed = await counsellor.next()
        await seafarer.send({"type": "chat", "text": "还在吗", "id": "s1"})
        quiet = await counsellor.silent()
        await counsellor.leave()
        await seafarer.leave()
        return closed, quiet

    closed, quiet = async_to_sync(scenario)()
    assert closed == {"closed": 4401}
    assert quiet
