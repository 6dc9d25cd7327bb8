"""URLs of the app, one module per part (each part lists its own patterns)."""

from seafarers_home.inquiries.urls_answering import urlpatterns as answering_urls
from seafarers_home.inquiries.urls_asking import urlpatterns as asking_urls
from seafarers_home.inquiries.urls_knowledge import urlpatterns as knowledge_urls

app_name = "inquiries"

urlpatterns = [
    *asking_urls,
    *answering_urls,
    *knowledge_urls,
]
