from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "seafarers_home.certificates"
    label = "certificates"

    def ready(self) -> None:
        # A malformed kinds file must stop the start-up, not offer a kind nobody can check.
        from seafarers_home.certificates import personal_data
        from seafarers_home.certificates.kinds import load_kinds

        load_kinds()
        personal_data.register_personal_data()
