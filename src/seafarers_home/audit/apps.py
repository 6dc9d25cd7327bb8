from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seafarers_home.audit"
    label = "audit"

    def ready(self) -> None:
        from seafarers_home.audit import checks  # noqa: F401 - registers the system checks
