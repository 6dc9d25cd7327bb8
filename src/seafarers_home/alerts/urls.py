from django.urls import path

from seafarers_home.alerts import views, views_detail

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/", views_detail.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/outcome/", views_detail.outcome, name="outcome"),
]
