from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "seafarers_home.courses"
    label = "courses"

    def ready(self) -> None:
        from seafarers_home.courses import personal_data

        personal_data.register_personal_data()
