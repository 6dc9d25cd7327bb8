"""Union activities (海员活动, issue 12): publishing, sign-up, waiting lists, check-in."""

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "seafarers_home.activities"
    label = "activities"

    def ready(self) -> None:
        from seafarers_home.activities import personal_data

        personal_data.register_personal_data()
