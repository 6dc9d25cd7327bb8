from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "seafarers_home.organisations"
    label = "organisations"
