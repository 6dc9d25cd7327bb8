from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "seafarers_home.screening"
    label = "screening"

    def ready(self) -> None:
        # A malformed instrument file must stop the start-up, not mis-score a seafarer.
        from seafarers_home.screening import alert_sources, personal_data
        from seafarers_home.screening.instruments import load_registry

        load_registry()
        personal_data.register_personal_data()
        alert_sources.register()
