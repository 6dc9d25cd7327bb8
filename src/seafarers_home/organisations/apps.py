from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "seafarers_home.organisations"
    label = "organisations"

    def ready(self) -> None:
        from seafarers_home.organisations import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
