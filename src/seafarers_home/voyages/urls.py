"""URLs of the app, one module per part (each part lists its own patterns). The project's
urls.py adds the green channel's and the clinic's pages (consultations/urls_green.py) to
this namespace, at their old /voyages/ paths."""

from django.urls import path

from seafarers_home.voyages import views_dashboard
from seafarers_home.voyages.urls_care import urlpatterns as care_urls
from seafarers_home.voyages.urls_voyages import urlpatterns as voyages_urls

app_name = "voyages"

urlpatterns = [
    *voyages_urls,
    *care_urls,
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
]
