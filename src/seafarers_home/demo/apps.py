from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "seafarers_home.demo"
    label = "demo"
