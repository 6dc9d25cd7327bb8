from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "seafarers_home.certificates"
    label = "certificates"
