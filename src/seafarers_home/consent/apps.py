from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "seafarers_home.consent"
    label = "consent"
