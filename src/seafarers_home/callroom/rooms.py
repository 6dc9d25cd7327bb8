"""Call rooms: who may enter and when, for every kind of two-person call.

A room has exactly two permitted participants and a time window. The signalling consumer
(``callroom.consumers.RoomConsumer``) and the pages only ask a resolver that returns a
``Room`` or raises ``RoomRefused``; each service brings its own resolver: the consultation
room (``consultations/rooms.py``: a booked remote appointment) and the hotline's in-app voice
line (``hotline/rooms.py``). ICE servers and TURN credentials are in ``ice.py``.

Refusals carry both the WebSocket close code and the HTTP status the page answers with:
4401 not signed in (or staff without the TOTP step), 4404 not theirs (404: we do not tell
whether the room exists), 4403 no health-data consent (403), 4409 outside the window (409).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models
from django.utils import timezone

NOT_SIGNED_IN = 4401
NO_CONSENT = 4403
NOT_THEIRS = 4404
WRONG_TIME = 4409
HTTP_STATUS = {NOT_SIGNED_IN: 401, NO_CONSENT: 403, NOT_THEIRS: 404, WRONG_TIME: 409}


class RoomRefused(Exception):
    def __init__(self, code: int, message: Any = "", *, room: Room | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.room = room  # known when only the time is wrong: the page says when it opens

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 403)


@dataclass(frozen=True)
class Room:
    """One two-person call. ``offerer_id`` is the participant who makes the WebRTC offers
    (the clinician in a consultation), so the two sides never offer at once."""

    kind: str
    key: str
    participant_ids: frozenset[int]
    offerer_id: int
    opens_at: datetime
    closes_at: datetime
    target: models.Model
    names: dict[int, str] = field(default_factory=dict)

    @property
    def group(self) -> str:
        return f"room.{self.kind}.{self.key}"

    def peer_name(self, user_id: int | None) -> str:
        return next((n for uid, n in self.names.items() if uid != user_id), "")

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at
