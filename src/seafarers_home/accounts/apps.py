from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seafarers_home.accounts"
    label = "accounts"

    def ready(self) -> None:
        from seafarers_home.accounts import signals  # noqa: F401 - connects the receivers
