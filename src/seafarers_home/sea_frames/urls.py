from django.urls import path

from seafarers_home.sea_frames import views, views_costs

app_name = "sea_frames"

urlpatterns = [
    path("", views.devices, name="devices"),
    path("register/", views.register, name="register"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("encoder/", views.encoder, name="encoder"),
    path("gateway/", views.gateway, name="gateway"),
    path("link/", views_costs.link, name="link"),
]
