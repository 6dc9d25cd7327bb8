from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "seafarers_home.inquiries"
    label = "inquiries"

    def ready(self) -> None:
        from seafarers_home.inquiries import personal_data

        personal_data.register_personal_data()
