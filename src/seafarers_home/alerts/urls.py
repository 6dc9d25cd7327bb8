from django.urls import path

from seafarers_home.alerts import views, views_detail, views_help

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/", views_detail.detail, name="detail"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/outcome/", views_detail.outcome, name="outcome"),
    # the seafarer's "I need help now"
    path("help-now/", views_help.press, name="help_now"),
    path("help-now/<int:pk>/", views_help.page, name="help_now_page"),
    path("help-now/<int:pk>/callback/", views_help.callback, name="help_now_callback"),
]
