"""Critical incidents at sea (issue 15): one incident, the people it hit, and the response
plan that reaches each of them."""

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "seafarers_home.incidents"
    label = "incidents"

    def ready(self) -> None:
        from seafarers_home.incidents import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
