"""Legal consultations' URLs (the room, .ics and cancel are the shared ones of urls_booking.py
and urls_room.py); consultations/urls.py concatenates them."""

from django.urls import path

from seafarers_home.consultations import views_legal

urlpatterns = [
    path("legal/", views_legal.mine, name="legal_mine"),
    path("legal/book/", views_legal.book, name="legal_book"),
    path("legal/book/<int:slot_pk>/", views_legal.book_slot, name="legal_book_slot"),
    path("legal/hours/", views_legal.hours, name="legal_hours"),
    path("legal/appointments/<int:pk>/call-log/", views_legal.call_log, name="legal_call_log"),
]
