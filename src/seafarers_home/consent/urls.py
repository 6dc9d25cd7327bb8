from django.urls import path

from seafarers_home.consent import views

app_name = "consent"

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
]
