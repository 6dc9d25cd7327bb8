"""WebSocket routes. Each app that pushes live events appends its consumers here."""

from django.urls import path

from seafarers_home.alerts.consumers import AlertsConsumer
from seafarers_home.core.consumers import NotificationsConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationsConsumer.as_asgi()),
    path("ws/alerts/", AlertsConsumer.as_asgi()),
]
