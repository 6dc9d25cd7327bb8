from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "seafarers_home.consultations"
    label = "consultations"

    def ready(self) -> None:
        from seafarers_home.consultations import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
