from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "seafarers_home.jobs"
    label = "jobs"

    def ready(self) -> None:
        from seafarers_home.jobs import personal_data

        personal_data.register_personal_data()
