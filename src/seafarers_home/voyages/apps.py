from django.apps import AppConfig


class VoyagesConfig(AppConfig):
    name = "seafarers_home.voyages"
    label = "voyages"

    def ready(self) -> None:
        from seafarers_home.voyages import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
