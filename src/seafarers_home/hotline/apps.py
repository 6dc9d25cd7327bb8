from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "seafarers_home.hotline"
    label = "hotline"

    def ready(self) -> None:
        from seafarers_home.hotline import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
