"""The short-message channel: the seafarer's terminals and the command card, and the gateways'
signed endpoints (machine-to-machine, outside the sign-in)."""

from django.urls import path

from seafarers_home.short_messages import views

app_name = "short_messages"

urlpatterns = [
    path("", views.terminals, name="terminals"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/unbind/", views.unbind, name="unbind"),
    path("<int:pk>/proactive/", views.proactive, name="proactive"),
    path("card/", views.card, name="card"),
    path("gateway/sms/", views.gateway_sms, name="gateway_sms"),
    path("gateway/beidou/", views.gateway_beidou, name="gateway_beidou"),
    path("gateway/iridium/", views.gateway_iridium, name="gateway_iridium"),
]
