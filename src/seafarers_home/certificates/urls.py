from django.urls import path

from seafarers_home.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.wallet, name="wallet"),
    path("add/", views.add, name="add"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/remove/", views.remove, name="remove"),
    path("<int:pk>/photo/", views.photo, name="photo"),
]
