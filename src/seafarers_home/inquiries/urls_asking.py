"""The seafarer's side of the message board."""

from django.urls import URLPattern, path

from seafarers_home.inquiries import views_asking
from seafarers_home.inquiries.search_limits import limit_search

urlpatterns: list[URLPattern] = [
    path("", views_asking.mine, name="mine"),
    path("ask/", limit_search(views_asking.ask), name="ask"),
    path("<int:pk>/", views_asking.thread, name="thread"),
    path("<int:pk>/follow-up/", views_asking.follow_up, name="follow_up"),
    path("<int:pk>/photos/<int:photo_pk>/", views_asking.photo, name="photo"),
]
