from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "seafarers_home.notifications"
    label = "notifications"
