from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Operations across the apps: encrypted backups and their restore (with the audit chain's
    checks), and the Prometheus /metrics endpoint."""

    name = "seafarers_home.ops"
    label = "ops"
