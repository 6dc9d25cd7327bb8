from django.apps import AppConfig


class ShortMessagesConfig(AppConfig):
    """The short-message channel (issue 14 items 3, 4 and 6): BeiDou short messages, Iridium
    SBD text and SMS in and out, terminals bound to accounts, text commands, and the at-sea
    check-ins sent to a terminal when the app was not opened."""

    name = "seafarers_home.short_messages"
    label = "short_messages"
    verbose_name = "短报文"

    def ready(self) -> None:
        from seafarers_home.short_messages import alert_sources, personal_data, reply_hook

        personal_data.register_personal_data()
        alert_sources.register()
        reply_hook.connect()
