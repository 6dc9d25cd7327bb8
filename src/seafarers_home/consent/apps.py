from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "seafarers_home.consent"
    label = "consent"
    verbose_name = _("同意与个人信息")

    def ready(self) -> None:
        from seafarers_home.consent import foundation_data, personal_data, staff_data

        # The consent records, the access log, the staff's work records; the account's and
        # the profile's types come from their own apps, registered before these.
        foundation_data.register()
        personal_data.register_access_log()
        staff_data.register()
