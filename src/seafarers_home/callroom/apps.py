from django.apps import AppConfig


class CallroomConfig(AppConfig):
    """Two-person WebRTC call rooms: signalling, ICE/TURN, the call script. Consultations and
    the hotline bring the rooms (who, when); this app runs them."""

    name = "seafarers_home.callroom"
    label = "callroom"
