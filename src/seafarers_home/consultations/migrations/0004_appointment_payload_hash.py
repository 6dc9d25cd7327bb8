from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consultations", "0003_availability"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="payload_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
