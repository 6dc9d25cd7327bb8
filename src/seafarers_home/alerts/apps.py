from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "seafarers_home.alerts"
    label = "alerts"
