from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0001_worker_heartbeat")]

    operations = [
        migrations.CreateModel(
            name="PeriodicJobState",
            fields=[
                ("name", models.CharField(max_length=80, primary_key=True, serialize=False)),
                ("next_due_at", models.DateTimeField()),
                ("last_started_at", models.DateTimeField(blank=True, null=True)),
                ("last_finished_at", models.DateTimeField(blank=True, null=True)),
                ("last_succeeded_at", models.DateTimeField(blank=True, null=True)),
                ("failures", models.PositiveIntegerField(default=0)),
                ("last_error", models.CharField(blank=True, max_length=500)),
            ],
        ),
    ]
