from django.apps import AppConfig


class InquiriesConfig(AppConfig):
    name = "seafarers_home.inquiries"
    label = "inquiries"
