from django.apps import AppConfig


class TriageConfig(AppConfig):
    """Crisis triage of free text: no models; labels and messages are translated here."""

    name = "seafarers_home.triage"
    label = "triage"
