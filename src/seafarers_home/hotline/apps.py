from django.apps import AppConfig


class HotlineConfig(AppConfig):
    name = "seafarers_home.hotline"
    label = "hotline"

    def ready(self) -> None:
        from seafarers_home.hotline import personal_data

        personal_data.register_personal_data()
