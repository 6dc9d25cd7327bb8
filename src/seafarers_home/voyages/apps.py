from django.apps import AppConfig


class VoyagesConfig(AppConfig):
    name = "seafarers_home.voyages"
    label = "voyages"
