from django.urls import path

from seafarers_home.consent import views

app_name = "consent"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("privacy/", views.privacy, name="privacy"),
    path("required/", views.required, name="required"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data/export/<slug:key>/", views.my_data_export, name="my_data_export"),
    path("my-data/erase/<slug:key>/", views.my_data_erase, name="my_data_erase"),
    path("<slug:kind>/", views.document, name="document"),
    path("<slug:kind>/withdraw/", views.withdraw, name="withdraw"),
]
