"""The admin app with our site (``admin_site.SeafarersAdminSite``). Installed by this dotted
path while the apps load, before any model exists: the site module, which needs the account
models, is named by a string and loaded by the admin once they do."""

from django.contrib.admin.apps import AdminConfig


class SeafarersAdminConfig(AdminConfig):
    default_site = "seafarers_home.web.admin_site.SeafarersAdminSite"
