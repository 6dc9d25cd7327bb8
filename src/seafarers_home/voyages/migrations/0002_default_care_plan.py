"""The default care plan (issue 7, item 2) and the after-return 心理CT battery.

Idempotent (get_or_create by code): re-running, or a site that changed the plan in the admin,
keeps what is there. Before departure: the pre-departure 心理CT, the training lessons, a
clearance. At sea: a PHQ-4 + WHO-5 pulse every 30 days and a reminder of how to reach help.
After return: a repeat screening within 7 days, the safe-home plan, a counsellor's follow-up
contact at 14 days.
"""

from django.db import migrations

AFTER_RETURN_BATTERY = {
    "code": "after-return",
    "name": "归港心理CT",
    "name_en": "After-return check-up",
    "instrument_codes": ["phq9", "gad7", "who5", "auditc"],
    "is_pre_departure_default": False,
}

STEPS = [
    # (code, phase, kind, title, battery_code, due_days, repeat_days, position)
    (
        "pre-departure-screening",
        "before_departure",
        "screening",
        "出海前心理CT",
        "pre-departure",
        7,
        None,
        1,
    ),
    (
        "pre-departure-training",
        "before_departure",
        "training",
        "出海前心理健康课程",
        "",
        7,
        None,
        2,
    ),
    ("pre-departure-clearance", "before_departure", "clearance", "健康入职结论", "", 14, None, 3),
    ("at-sea-pulse", "at_sea", "pulse", "海上心情打卡", "at-sea-pulse", 7, 30, 1),
    ("at-sea-help-reminder", "at_sea", "help_reminder", "出海求助方式提醒", "", 0, None, 2),
    (
        "after-return-screening",
        "after_return",
        "screening",
        "归港心理CT",
        "after-return",
        7,
        None,
        1,
    ),
    ("after-return-safe-home", "after_return", "safe_home", "安心回家计划", "", 7, None, 2),
    (
        "after-return-follow-up",
        "after_return",
        "follow_up_contact",
        "归港14天随访",
        "",
        14,
        None,
        3,
    ),
]


def create_plan(apps, schema_editor):
    Battery = apps.get_model("screening", "Battery")
    CarePlanStep = apps.get_model("voyages", "CarePlanStep")
    defaults = {k: v for k, v in AFTER_RETURN_BATTERY.items() if k != "code"}
    Battery.objects.get_or_create(code=AFTER_RETURN_BATTERY["code"], defaults=defaults)
    for code, phase, kind, title, battery, due, repeat, position in STEPS:
        CarePlanStep.objects.get_or_create(
            code=code,
            defaults={
                "phase": phase,
                "kind": kind,
                "title": title,
                "battery_code": battery,
                "due_days": due,
                "repeat_days": repeat,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("voyages", "0001_initial"),
        ("screening", "0002_default_batteries"),
    ]

    operations = [migrations.RunPython(create_plan, migrations.RunPython.noop)]
