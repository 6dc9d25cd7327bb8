from django.urls import path

app_name = "voyages"

urlpatterns: list = []
