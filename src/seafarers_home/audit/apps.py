from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "seafarers_home.audit"
    label = "audit"
