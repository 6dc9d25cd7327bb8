"""The service worker and the manifest at the site's root (a worker's scope is the folder it
is served from, so /sw.js covers every page); the outbox and the offline page under /offline/."""

from django.urls import path

from seafarers_home.offline import views

app_name = "offline"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.fallback, name="fallback"),
    path("offline/outbox/", views.outbox, name="outbox"),
]
