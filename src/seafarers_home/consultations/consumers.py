"""The consultation room's WebSocket (ws/consultations/<appointment_id>/), on the call room's
signalling consumer (``callroom.consumers``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seafarers_home.callroom.consumers import RoomConsumer
from seafarers_home.callroom.rooms import Room
from seafarers_home.consultations.rooms import consultation_room

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


class ConsultationRoomConsumer(RoomConsumer):
    """ws/consultations/<appointment_id>/: the booked seafarer and the slot's clinician."""

    def resolve(self, user: User, *, two_factor_passed: bool) -> Room:
        appointment_id = int(self.scope["url_route"]["kwargs"]["appointment_id"])
        return consultation_room(user, appointment_id, two_factor_passed=two_factor_passed)
