from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seafarers_home.core"
    label = "core"

    def ready(self) -> None:
        # Importing the module registers the system checks.
        from seafarers_home.core import checks  # noqa: F401
