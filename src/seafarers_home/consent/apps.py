from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "seafarers_home.consent"
    label = "consent"
    verbose_name = _("同意与个人信息")

    def ready(self) -> None:
        from seafarers_home.consent.personal_data import register_foundation_types

        register_foundation_types()
