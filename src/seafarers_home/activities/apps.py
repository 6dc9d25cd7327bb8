from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "seafarers_home.activities"
    label = "activities"
