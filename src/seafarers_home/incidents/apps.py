from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "seafarers_home.incidents"
    label = "incidents"
