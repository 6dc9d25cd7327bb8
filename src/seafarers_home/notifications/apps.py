from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "seafarers_home.notifications"
    label = "notifications"

    def ready(self) -> None:
        from seafarers_home.notifications import personal_data

        personal_data.register_personal_data()
