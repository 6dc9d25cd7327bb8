from django.urls import path

from seafarers_home.ops import metrics
from seafarers_home.web import views

# The shell's pages keep the names they had when they lived in core ("core:home", "core:help").
app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("health/<slug:slug>/", views.health_service, name="health_service"),
    path("services/<slug:slug>/", views.coming_soon, name="coming_soon"),
    path("help/", views.crisis_help, name="help"),
    path("workspace/", views.workspace, name="workspace"),
    path("healthz", views.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
]
