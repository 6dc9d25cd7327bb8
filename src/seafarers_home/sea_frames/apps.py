from django.apps import AppConfig


class SeaFramesConfig(AppConfig):
    """Binary frames from bridge PCs and satellite modems (issue 14 item 5: FRAME.md) and what
    sending costs the seafarer (item 7: costs.py, the ``send_cost`` tag)."""

    name = "seafarers_home.sea_frames"
    label = "sea_frames"

    def ready(self) -> None:
        from seafarers_home.sea_frames import alert_sources, personal_data

        personal_data.register_personal_data()
        alert_sources.register()
