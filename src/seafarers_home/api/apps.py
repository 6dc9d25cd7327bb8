from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "seafarers_home.api"
    label = "api"
