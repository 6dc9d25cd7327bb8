from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "seafarers_home.courses"
    label = "courses"
