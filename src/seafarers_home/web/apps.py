from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web shell: the start page, the health and help pages, the staff workspace and its
    navigation, the template context every page gets, the admin behind our own sign-in. It sits
    above every service app and imports them; nothing imports it."""

    name = "seafarers_home.web"
    label = "web"
