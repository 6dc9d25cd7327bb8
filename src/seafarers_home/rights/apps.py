from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "seafarers_home.rights"
    label = "rights"

    def ready(self) -> None:
        # A malformed categories file must stop the start-up, not take a case with the wrong
        # questions or count a seafarer's time limit wrong.
        from seafarers_home.rights import alert_sources, personal_data
        from seafarers_home.rights.categories import load_categories

        load_categories()
        personal_data.register_personal_data()
        alert_sources.register()
