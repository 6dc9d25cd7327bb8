from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "seafarers_home.accounts"
    label = "accounts"
