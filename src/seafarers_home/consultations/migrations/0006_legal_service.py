"""Legal consultations (issue 11 item 8): slots, hours and exceptions know their service, and a
legal booking may name one of the seafarer's rights cases. Every row written before this
migration is a clinician's: it becomes ``clinical`` (the field's default fills new columns;
the data step says so explicitly, whatever a database does with defaults)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def existing_rows_are_clinical(apps, schema_editor):
    for name in ("Slot", "Availability", "AvailabilityException"):
        apps.get_model("consultations", name).objects.exclude(service="clinical").update(
            service="clinical"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0005_hospital_zone_default"),
        ("rights", "0005_red_flags"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="rights_case",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="legal_consultations",
                to="rights.rightscase",
                verbose_name="关联的维权案件",
            ),
        ),
        migrations.AddField(
            model_name="availability",
            name="service",
            field=models.CharField(
                choices=[("clinical", "心理健康咨询"), ("legal", "法律咨询")],
                default="clinical",
                max_length=20,
                verbose_name="服务",
            ),
        ),
        migrations.AddField(
            model_name="availabilityexception",
            name="service",
            field=models.CharField(
                choices=[("clinical", "心理健康咨询"), ("legal", "法律咨询")],
                default="clinical",
                max_length=20,
                verbose_name="服务",
            ),
        ),
        migrations.AddField(
            model_name="slot",
            name="service",
            field=models.CharField(
                choices=[("clinical", "心理健康咨询"), ("legal", "法律咨询")],
                db_index=True,
                default="clinical",
                max_length=20,
                verbose_name="服务",
            ),
        ),
        migrations.AlterField(
            model_name="availability",
            name="clinician",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consultation_hours",
                to=settings.AUTH_USER_MODEL,
                verbose_name="服务提供者",
            ),
        ),
        migrations.AlterField(
            model_name="availabilityexception",
            name="clinician",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="consultation_exceptions",
                to=settings.AUTH_USER_MODEL,
                verbose_name="服务提供者",
            ),
        ),
        migrations.AlterField(
            model_name="slot",
            name="clinician",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="slots",
                to=settings.AUTH_USER_MODEL,
                verbose_name="服务提供者",
            ),
        ),
        migrations.RunPython(existing_rows_are_clinical, migrations.RunPython.noop),
    ]
