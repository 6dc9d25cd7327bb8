from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "seafarers_home.screening"
    label = "screening"
