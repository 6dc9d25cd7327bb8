from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "seafarers_home.core"
    label = "core"
