"""The green channel and the seafarer clinic's pages. They keep their /voyages/ paths and
``voyages:`` names: the project's urls.py mounts them in the voyages namespace."""

from django.urls import path

from seafarers_home.consultations import views_clinic, views_green

urlpatterns = [
    path("green-channel/", views_green.green_channel, name="green_channel"),
    path("green-channel/request/", views_green.green_channel_request, name="green_channel_request"),
    path(
        "green-channel/book/<int:slot_pk>/",
        views_green.green_channel_book,
        name="green_channel_book",
    ),
    path(
        "green-channel/cancel/<int:pk>/",
        views_green.green_channel_cancel,
        name="green_channel_cancel",
    ),
    path("refer/<int:seafarer_user_pk>/", views_green.refer, name="refer"),
    path("clinic/day/", views_clinic.clinic_day, name="clinic_day"),
    path("clinic/slots/", views_clinic.clinic_slots, name="clinic_slots"),
    path("clinic/attend/<int:pk>/", views_clinic.clinic_attend, name="clinic_attend"),
]
