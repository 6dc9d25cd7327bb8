from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.test import Client

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.asgi import application
from seafarers_home.core.session_keys import OTP_SESSION_KEY
from seafarers_home.notifications.consumers import user_group
from seafarers_home.organisations.models import Organisation
from tests.ops.conftest import WebsocketCommunicator

PATH = "/ws/notifications/"
HEADERS = [(b"origin", b"http://localhost"), (b"host", b"localhost")]


def session_headers(user: User) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [*HEADERS, (b"cookie", cookie.encode())]


def test_it_closes_an_anonymous_connection_with_4401(transactional_db):
    async def scenario() -> tuple[bool, int | None]:
        communicator = WebsocketCommunicator(application, PATH, headers=HEADERS)
        connected, code = await communicator.connect()
        await communicator.disconnect()
        return connected, code

    assert async_to_sync(scenario)() == (False, 4401)


def test_it_refuses_a_foreign_origin(transactional_db):
    async def scenario() -> bool:
        communicator = WebsocketCommunicator(
            application,
            PATH,
            headers=[(b"origin", b"https://evil.example"), (b"host", b"localhost")],
        )
        connected, _ = await communicator.connect()
        await communicator.disconnect()
        return connected

    assert async_to_sync(scenario)() is False


@pytest.mark.django_db(transaction=True)
def test_it_delivers_group_events_to_the_signed_in_user():
    user = User.objects.create_user("13900000002", "Haiyuan-2026!", display_name="王海")
    other = User.objects.create_user("13900000003", "Haiyuan-2026!", display_name="李强")
    headers = session_headers(user)

    async def scenario() -> dict:
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        connected, _ = await communicator.connect()
        assert connected
        layer = get_channel_layer()
        await layer.group_send(
            user_group(other.pk), {"type": "notify", "payload": {"kind": "not-for-you"}}
        )
        await layer.group_send(
            user_group(user.pk), {"type": "notify", "payload": {"kind": "alert", "n": 1}}
        )
        received = await communicator.receive_json_from(timeout=5)
        assert await communicator.receive_nothing(timeout=0.3)
        await communicator.disconnect()
        return received

    assert async_to_sync(scenario)() == {"kind": "alert", "n": 1}


def test_it_uses_redis_when_redis_url_is_set():
    from channels.layers import InMemoryChannelLayer

    layer = get_channel_layer()
    if settings.REDIS_URL:
        from channels_redis.core import RedisChannelLayer

        # Its pool bounded and waiting (core/channel_layer.py), sized from the settings.
        assert isinstance(layer, RedisChannelLayer)
        pool = layer.create_pool(0)
        assert (
            pool.max_connections
            == settings.CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["max_connections"]
        )
        assert type(pool).__name__ == "BlockingConnectionPool"
    else:
        assert isinstance(layer, InMemoryChannelLayer)


def _connects(headers: list[tuple[bytes, bytes]]) -> tuple[bool, int | None]:
    async def scenario() -> tuple[bool, int | None]:
        communicator = WebsocketCommunicator(application, PATH, headers=headers)
        result = await communicator.connect()
        await communicator.disconnect()
        return result

    return async_to_sync(scenario)()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_staff_who_have_not_passed_two_factor():
    hospital = Organisation.objects.create(name="医院", code="h", kind="hospital")
    user = User.objects.create_user("13900000004", "Haiyuan-2026!", display_name="陈医生")
    RoleGrant.objects.create(user=user, role=Role.CLINICIAN, organisation=hospital)
    client = Client()
    client.force_login(user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    headers = [*HEADERS, (b"cookie", cookie.encode())]
    assert _connects(headers) == (False, 4401)
    session = client.session
    session[OTP_SESSION_KEY] = True
    session.save()
    assert _connects(headers) == (True, None)
