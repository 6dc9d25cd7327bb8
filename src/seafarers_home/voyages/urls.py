"""URLs of the app, one module per part (each part lists its own patterns)."""

from seafarers_home.voyages.urls_care import urlpatterns as care_urls
from seafarers_home.voyages.urls_green import urlpatterns as green_urls
from seafarers_home.voyages.urls_voyages import urlpatterns as voyages_urls

app_name = "voyages"

urlpatterns = [
    *voyages_urls,
    *care_urls,
    *green_urls,
]
