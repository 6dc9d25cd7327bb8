"""WebSockets live only as long as the sign-in that opened them.

A socket outlives the page request that checked the session: without this, a clinician who
signed out kept receiving crisis alerts with seafarers' names. Two things end a socket:

* Events. Every consumer joins a group per session and one per account
  (``SessionBoundConsumer.bind_session``). Signing out sends ``session.end`` to the session's
  group; a changed account (password, roles, deactivated) sends ``account.changed`` to the
  account's group, and each socket re-checks itself, so the session in which someone changed
  their own password stays open. Both are sent after commit (``accounts/signals.py``).
* The re-check before each event is forwarded (``forward_json``): the session must still exist
  and be unexpired in the session store, name the same person, carry the current password's
  hash, the person must be active, and the consumer's own rule (``permits``) must hold. Expiry
  sends no event; this is what catches it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Awaitable, Callable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.db import transaction
from django.utils.crypto import constant_time_compare

from seafarers_home.core import socket_counter

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

logger = logging.getLogger("seafarers_home.core")

SIGNED_OUT = 4401


def session_group(session_key: str) -> str:
    # A digest: group names end up as Redis keys, and a session key is a bearer secret.
    return "session." + hashlib.sha256(session_key.encode()).hexdigest()[:40]


def account_group(user_id: int) -> str:
    return f"account.{user_id}"


def signed_in_user(session_key: str | None, user_id: int) -> tuple[User, dict[str, Any]] | None:
    """The user and the session data if ``session_key`` still signs in ``user_id``; else None.

    Django's ``get_user`` without its side effects (it flushes or cycles the session): read a
    fresh copy from the store, which answers nothing for an ended or expired session."""
    if not session_key:
        return None
    data = import_module(settings.SESSION_ENGINE).SessionStore(session_key).load()
    backend_path = data.get(BACKEND_SESSION_KEY)
    if (
        data.get(SESSION_KEY) != str(user_id)
        or backend_path not in settings.AUTHENTICATION_BACKENDS
    ):
        return None
    user = load_backend(backend_path).get_user(user_id)  # None once deactivated
    session_hash = data.get(HASH_SESSION_KEY)
    if user is None or not session_hash:
        return None
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if not any(constant_time_compare(session_hash, known) for known in hashes):
        return None  # the password changed since this session signed in
    return user, data


def _send(group: str, event: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, event)
    except Exception:  # the re-check before each forwarded event still holds the line
        logger.exception("could not send %s to %s", event["type"], group)


def end_session_sockets_on_commit(session_key: str | None) -> None:
    """Close every socket opened with this session (sign-out)."""
    if session_key:
        group = session_group(session_key)
        transaction.on_commit(lambda: _send(group, {"type": "session.end"}), robust=True)


def recheck_account_sockets_on_commit(user_id: int) -> None:
    """Make every socket of this person re-check their sign-in and access (password, roles)."""
    group = account_group(user_id)
    transaction.on_commit(lambda: _send(group, {"type": "account.changed"}), robust=True)


class SessionBoundConsumer(AsyncJsonWebsocketConsumer):
    """A consumer whose socket closes when its sign-in ends or no longer grants access.

    Subclasses call ``bind_session`` once they have admitted the user, ``unbind_session`` in
    ``disconnect``, send group events on with ``forward_json``, and may narrow ``permits``.

    The socket reads its channel on the channel layer only from ``bind_session`` on: a refused
    socket never waits on Redis. Channels starts that read as the socket opens, and on Redis
    it is a blocking pop on a pooled connection that a refusal held for up to 5 s after the
    client had gone (its cancellation waits for the pop), and that once never ended in a test
    run. Group events sent in between wait in the channel's queue on Redis."""

    closed_code = SIGNED_OUT
    session_key: str | None = None
    bound_user_id: int | None = None
    revoked = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._admitted = asyncio.Event()
        self._layer_receive: Callable[[], Awaitable[dict[str, Any]]] | None = None

    # Channels sets ``channel_receive`` to the layer's read of this socket's channel and then
    # awaits what it reads back: here, the read once the socket is admitted.
    @property
    def channel_receive(self) -> Callable[[], Awaitable[dict[str, Any]]]:
        return self._receive_once_admitted

    @channel_receive.setter
    def channel_receive(self, receive: Callable[[], Awaitable[dict[str, Any]]]) -> None:
        self._layer_receive = receive

    async def _receive_once_admitted(self) -> dict[str, Any]:
        await self._admitted.wait()
        assert self._layer_receive is not None  # set with the channel layer, before any read
        return await self._layer_receive()

    def permits(self, user: User, session: dict[str, Any]) -> bool:
        """The consumer's own rule, re-checked with a fresh user and session (in a thread)."""
        return True

    def account_permits(self, user: User, session: dict[str, Any]) -> bool:
        """The rule re-checked when the account changed; by default the same as ``permits``."""
        return self.permits(user, session)

    async def bind_session(self) -> None:
        session = self.scope.get("session")
        self.session_key = session.session_key if session is not None else None
        self.bound_user_id = self.scope["user"].pk
        self.bound_groups = [account_group(self.bound_user_id)]
        if self.session_key:
            self.bound_groups.append(session_group(self.session_key))
        for group in self.bound_groups:
            await self.channel_layer.group_add(group, self.channel_name)
        self._admitted.set()
        socket_counter.opened(self)  # for /metrics: an admitted socket

    async def unbind_session(self) -> None:
        for group in getattr(self, "bound_groups", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        self.bound_groups = []
        socket_counter.closed(self)

    async def still_signed_in(self, *, account_changed: bool = False) -> bool:
        if self.revoked or self.bound_user_id is None:
            return False
        return await database_sync_to_async(self._check)(account_changed)

    def _check(self, account_changed: bool) -> bool:
        if self.bound_user_id is None:
            return False
        found = signed_in_user(self.session_key, self.bound_user_id)
        if found is None:
            return False
        rule = self.account_permits if account_changed else self.permits
        return rule(*found)

    async def revoke(self) -> None:
        """Close once; later events (already queued) are dropped."""
        if self.revoked:
            return
        self.revoked = True
        await self.unbind_session()
        await self.close(code=self.closed_code)

    async def receive(
        self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any
    ) -> None:
        """A frame that is not JSON text gets an error frame and the socket stays open; the
        JSON consumer would raise and end the connection with a server error."""
        try:
            if text_data is None:
                raise ValueError("a binary frame")
            content = await self.decode_json(text_data)
        except (ValueError, RecursionError):
            await self.send_json({"type": "error", "error": "invalid_json"})
            return
        await self.receive_json(content, **kwargs)

    async def forward_json(self, content: Any) -> bool:
        """Send a group event to the client if the sign-in still holds; close otherwise."""
        if not await self.still_signed_in():
            await self.revoke()
            return False
        await self.send_json(content)
        return True

    async def session_end(self, event: dict[str, Any]) -> None:
        await self.revoke()

    async def account_changed(self, event: dict[str, Any]) -> None:
        if not await self.still_signed_in(account_changed=True):
            await self.revoke()
