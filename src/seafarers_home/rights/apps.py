from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "seafarers_home.rights"
    label = "rights"
