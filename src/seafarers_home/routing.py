"""WebSocket routes. Each app that pushes live events appends its consumers here."""

from django.urls import path

from seafarers_home.alerts.consumers import AlertsConsumer
from seafarers_home.consultations.consumers import ConsultationRoomConsumer
from seafarers_home.hotline.consumers import HotlineRoomConsumer
from seafarers_home.notifications.consumers import NotificationsConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationsConsumer.as_asgi()),
    path("ws/alerts/", AlertsConsumer.as_asgi()),
    path("ws/consultations/<int:appointment_id>/", ConsultationRoomConsumer.as_asgi()),
    path("ws/hotline/<int:call_id>/", HotlineRoomConsumer.as_asgi()),
]
