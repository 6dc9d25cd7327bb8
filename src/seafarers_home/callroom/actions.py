"""The call room's writes: who joined and left a room, audited with the room's kind (the
signalling itself stores nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from seafarers_home.audit.services import record_audit
from seafarers_home.callroom.rooms import Room

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def do_record_room_join(user: User, room: Room, *, detail: dict[str, Any]) -> None:
    # One code for every kind of room (the target says which call); the kind is in the detail
    # ("hotline.join" is the caller joining the queue, not a room).
    detail = {"kind": room.kind, **detail}
    with transaction.atomic():
        record_audit(
            user,
            "callroom.join",
            target=room.target,
            purpose="call room: who joined when",
            detail=detail,
        )


def do_record_room_leave(user: User, room: Room, *, detail: dict[str, Any]) -> None:
    detail = {"kind": room.kind, **detail}
    with transaction.atomic():
        record_audit(
            user,
            "callroom.leave",
            target=room.target,
            purpose="call room: who left when",
            detail=detail,
        )
