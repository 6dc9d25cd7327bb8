from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "seafarers_home.consultations"
    label = "consultations"
