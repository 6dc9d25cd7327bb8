"""The Django admin's titles. They live here, in an app, so that the core catalogue carries
their English translation (the project urls.py sets the same values)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("海员之家 · 后台管理")
admin.site.site_title = _("海员之家")
admin.site.index_title = _("后台数据")
