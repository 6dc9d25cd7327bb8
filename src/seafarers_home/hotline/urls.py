from seafarers_home.hotline.urls_calls import urlpatterns as call_urls
from seafarers_home.hotline.urls_ops import urlpatterns as ops_urls

app_name = "hotline"

urlpatterns = [*ops_urls, *call_urls]
