from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from seafarers_home.api.urls import api

admin.site.site_header = _("海员之家 · 后台管理")
admin.site.site_title = _("海员之家")
admin.site.index_title = _("后台数据")

urlpatterns = [
    path("", include("seafarers_home.core.urls")),
    path("accounts/", include("seafarers_home.accounts.urls")),
    path("organisations/", include("seafarers_home.organisations.urls")),
    path("consent/", include("seafarers_home.consent.urls")),
    path("audit/", include("seafarers_home.audit.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover - convenience for local media
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
