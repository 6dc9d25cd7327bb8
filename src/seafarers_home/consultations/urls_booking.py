"""远程咨询 booking URLs; consultations/urls.py concatenates them."""

from django.urls import path

from seafarers_home.consultations import views_availability, views_booking

urlpatterns = [
    path("book/", views_booking.book, name="book"),
    path("book/time-zone/", views_booking.set_time_zone, name="time_zone"),
    path("book/<int:slot_pk>/", views_booking.book_slot, name="book_slot"),
    path("mine/", views_booking.mine, name="mine"),
    path("appointments/<int:pk>/cancel/", views_booking.cancel, name="cancel"),
    path("appointments/<int:pk>/reschedule/", views_booking.reschedule, name="reschedule"),
    path("appointments/<int:pk>/calendar.ics", views_booking.ics, name="ics"),
    path("availability/", views_availability.availability, name="availability"),
]
