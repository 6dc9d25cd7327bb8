from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "seafarers_home.inquiries"
    label = "inquiries"

    def ready(self) -> None:
        from seafarers_home.inquiries import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
