from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "seafarers_home.hotline"
    label = "hotline"
