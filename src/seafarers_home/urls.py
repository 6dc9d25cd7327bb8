from django.contrib import admin
from django.urls import include, path

from seafarers_home.alerts.urls import urlpatterns as alerts_urls
from seafarers_home.api.urls import api
from seafarers_home.consultations.urls_green import urlpatterns as green_channel_urls
from seafarers_home.hotline.urls_help_now import urlpatterns as help_now_urls
from seafarers_home.voyages.urls import urlpatterns as voyages_urls

urlpatterns = [
    path("", include("seafarers_home.web.urls")),
    # The service worker at /sw.js (its scope is the whole site), the manifest, the outbox.
    path("", include("seafarers_home.offline.urls")),
    path("accounts/", include("seafarers_home.accounts.urls")),
    path("organisations/", include("seafarers_home.organisations.urls")),
    path("consent/", include("seafarers_home.consent.urls")),
    path("audit/", include("seafarers_home.audit.urls")),
    path("screening/", include("seafarers_home.screening.urls")),
    # "I need help now" books the hotline's callback (hotline/views_help_now.py) but keeps its
    # /alerts/help-now/ paths and alerts: names.
    path("alerts/", include(([*alerts_urls, *help_now_urls], "alerts"))),
    path("notifications/", include("seafarers_home.notifications.urls")),
    path("inquiries/", include("seafarers_home.inquiries.urls")),
    path("consultations/", include("seafarers_home.consultations.urls")),
    # The green channel and the clinic's day list are clinic booking (consultations) but keep
    # their /voyages/ paths and voyages: names.
    path("voyages/", include(([*voyages_urls, *green_channel_urls], "voyages"))),
    path("hotline/", include("seafarers_home.hotline.urls")),
    path("certificates/", include("seafarers_home.certificates.urls")),
    path("activities/", include("seafarers_home.activities.urls")),
    path("courses/", include("seafarers_home.courses.urls")),
    path("rights/", include("seafarers_home.rights.urls")),
    path("incidents/", include("seafarers_home.incidents.urls")),
    path("jobs/", include("seafarers_home.jobs.urls")),
    path("short-messages/", include("seafarers_home.short_messages.urls")),
    path("sea-frames/", include("seafarers_home.sea_frames.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
