from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seafarers_home.accounts"
    label = "accounts"

    def ready(self) -> None:
        from seafarers_home.accounts import personal_data, signals  # noqa: F401 - receivers

        personal_data.register_personal_data()
