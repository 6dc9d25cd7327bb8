from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seafarers_home.core"
    label = "core"

    def ready(self) -> None:
        # Importing the modules registers the system checks.
        from seafarers_home.core import checks, overload  # noqa: F401
        from seafarers_home.lib import template_dates, template_extends, template_i18n

        template_i18n.install()
        template_dates.install()
        template_extends.install()
