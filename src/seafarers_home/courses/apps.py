from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "seafarers_home.courses"
    label = "courses"

    def ready(self) -> None:
        from seafarers_home.certificates.renewals import register_renewal_finder
        from seafarers_home.courses import personal_data
        from seafarers_home.courses.renewals import next_renewing_sessions

        personal_data.register_personal_data()
        register_renewal_finder("courses", next_renewing_sessions)
