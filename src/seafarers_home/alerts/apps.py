from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "seafarers_home.alerts"
    label = "alerts"

    def ready(self) -> None:
        from seafarers_home.alerts import personal_data

        personal_data.register_personal_data()
