"""The default batteries: the pre-departure 心理CT and the short pulse used at sea.

Idempotent (get_or_create by code): re-running, or a site that created them by hand, keeps
what is there.
"""

from django.db import migrations

BATTERIES = [
    {
        "code": "pre-departure",
        "name": "出海前心理CT",
        "name_en": "Pre-departure check-up",
        "instrument_codes": ["phq9", "gad7", "who5", "auditc"],
        "is_pre_departure_default": True,
    },
    {
        "code": "at-sea-pulse",
        "name": "海上心理简测",
        "name_en": "At-sea pulse check",
        "instrument_codes": ["phq4", "who5"],
        "is_pre_departure_default": False,
    },
]


def create_batteries(apps, schema_editor):
    Battery = apps.get_model("screening", "Battery")
    for spec in BATTERIES:
        defaults = {k: v for k, v in spec.items() if k != "code"}
        Battery.objects.get_or_create(code=spec["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(create_batteries, migrations.RunPython.noop)]
