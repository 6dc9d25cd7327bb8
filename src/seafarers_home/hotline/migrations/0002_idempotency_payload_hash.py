from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("hotline", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="hotlinecall",
            name="payload_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AddField(
            model_name="callbackrequest",
            name="payload_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
    ]
