"""The call room's URLs; consultations/urls.py concatenates them."""

from django.urls import path

from seafarers_home.consultations import views_room

urlpatterns = [
    path("room/<int:pk>/", views_room.room, name="room"),
    path("room/<int:pk>/ice/", views_room.ice, name="ice"),
]
