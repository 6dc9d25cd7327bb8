from seafarers_home.consultations.urls_booking import urlpatterns as booking_urls
from seafarers_home.consultations.urls_legal import urlpatterns as legal_urls
from seafarers_home.consultations.urls_room import urlpatterns as room_urls
from seafarers_home.consultations.urls_urgent import urlpatterns as urgent_urls

app_name = "consultations"

urlpatterns: list = [*urgent_urls, *room_urls, *booking_urls, *legal_urls]
