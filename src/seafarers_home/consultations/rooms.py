"""Call rooms: who may enter, when, and with which ICE servers.

A room has exactly two permitted participants and a time window. The signalling consumer
(``consumers.RoomConsumer``) and the page only ask this module; the consultation room (a
booked remote appointment: the seafarer and the slot's clinician, from
CONSULTATION_JOIN_EARLY_MINUTES before the start to CONSULTATION_JOIN_LATE_MINUTES after the
end) is the first kind of room. The hotline's in-app voice line can add its own resolver that
returns a ``Room``.

Refusals carry both the WebSocket close code and the HTTP status the page answers with:
4401 not signed in (or staff without the TOTP step), 4404 not theirs (404: we do not tell
whether the room exists), 4403 no health-data consent (403), 4409 outside the window (409).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.middleware import OTP_SESSION_KEY
from seafarers_home.accounts.models import Role
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.consultations.models import Appointment, Mode

NOT_SIGNED_IN = 4401
NO_CONSENT = 4403
NOT_THEIRS = 4404
WRONG_TIME = 4409
HTTP_STATUS = {NOT_SIGNED_IN: 401, NO_CONSENT: 403, NOT_THEIRS: 404, WRONG_TIME: 409}
OPEN_STATUSES = (Appointment.Status.BOOKED, Appointment.Status.ATTENDED)


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

    def peer_name(self, user_id: int) -> str:
        return next((n for uid, n in self.names.items() if uid != user_id), "")

    def is_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now <= self.closes_at


def consultation_window(appointment: Appointment) -> tuple[datetime, datetime]:
    slot = appointment.slot
    return (
        slot.starts_at - timedelta(minutes=settings.CONSULTATION_JOIN_EARLY_MINUTES),
        slot.ends_at + timedelta(minutes=settings.CONSULTATION_JOIN_LATE_MINUTES),
    )


def _is_urgent_room(appointment: Appointment) -> bool:
    """An urgent episode's room (issue 5 item 4): PIPL art. 13(4) lets a seafarer in distress
    be called without a prior health-data consent."""
    return hasattr(appointment, "urgent_request") and appointment.urgent_request is not None


def consultation_room(
    user: Any, appointment_id: int, *, two_factor_passed: bool, now: datetime | None = None
) -> Room:
    """The room of a booked remote appointment for ``user``, or ``RoomRefused``."""
    if user is None or not user.is_authenticated:
        raise RoomRefused(NOT_SIGNED_IN, _("请先登录。"))
    if user.needs_two_factor and not two_factor_passed:
        raise RoomRefused(NOT_SIGNED_IN, _("请先完成双重验证。"))
    appointment = (
        Appointment.objects.select_related("slot__clinician", "seafarer")
        .filter(pk=appointment_id, status__in=OPEN_STATUSES, slot__mode=Mode.REMOTE)
        .first()
    )
    if appointment is None or appointment.slot.clinician_id is None:
        raise RoomRefused(NOT_THEIRS)
    clinician = appointment.slot.clinician
    is_seafarer = user.pk == appointment.seafarer_id
    is_clinician = user.pk == clinician.pk and user.has_role(Role.CLINICIAN)
    if not (is_seafarer or is_clinician):
        raise RoomRefused(NOT_THEIRS)
    if is_seafarer and not has_health_data_consent(user) and not _is_urgent_room(appointment):
        raise RoomRefused(NO_CONSENT, _("进入咨询室前需要您同意健康信息处理。"))
    opens_at, closes_at = consultation_window(appointment)
    room = Room(
        kind="consultation",
        key=str(appointment.pk),
        participant_ids=frozenset({appointment.seafarer_id, clinician.pk}),
        offerer_id=clinician.pk,
        opens_at=opens_at,
        closes_at=closes_at,
        target=appointment,
        names={appointment.seafarer_id: str(appointment.seafarer), clinician.pk: str(clinician)},
    )
    if not room.is_open(now):
        raise RoomRefused(WRONG_TIME, _("现在不在咨询室开放时间内。"), room=room)
    return room


def get_consultation_room_for_user(request: HttpRequest, pk: int) -> Room:
    """The page's and the ICE endpoint's way in (the WebSocket resolves in the consumer)."""
    passed = bool(request.session.get(OTP_SESSION_KEY))
    return consultation_room(request.user, pk, two_factor_passed=passed)


def turn_credentials(user_id: int, *, now: float | None = None) -> tuple[str, str, int]:
    """coturn's TURN REST scheme (use-auth-secret): the username is "<expiry>:<user>", the
    password base64(HMAC-SHA1(secret, username)); coturn refuses it after the expiry."""
    expiry = int(now if now is not None else time.time()) + settings.TURN_CREDENTIAL_TTL
    username = f"{expiry}:sh{user_id}"
    digest = hmac.new(settings.TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode(), expiry


def ice_configuration(user: Any) -> dict[str, Any]:
    """The RTCPeerConnection ``iceServers`` for ``user``, and when its TURN credentials end."""
    servers: list[dict[str, Any]] = []
    if settings.STUN_URLS:
        servers.append({"urls": list(settings.STUN_URLS)})
    expires_at = None
    if settings.TURN_URLS and settings.TURN_SECRET:
        username, credential, expiry = turn_credentials(user.pk)
        servers.append(
            {"urls": list(settings.TURN_URLS), "username": username, "credential": credential}
        )
        expires_at = datetime.fromtimestamp(expiry, tz=UTC)
    return {"ice_servers": servers, "expires_at": expires_at}


def do_record_room_join(user: Any, room: Room, *, detail: dict[str, Any]) -> None:
    with transaction.atomic():
        record_audit(
            user,
            f"{room.kind}.join",
            target=room.target,
            purpose="call room: who joined when",
            detail=detail,
        )


def do_record_room_leave(user: Any, room: Room, *, detail: dict[str, Any]) -> None:
    with transaction.atomic():
        record_audit(
            user,
            f"{room.kind}.leave",
            target=room.target,
            purpose="call room: who left when",
            detail=detail,
        )
