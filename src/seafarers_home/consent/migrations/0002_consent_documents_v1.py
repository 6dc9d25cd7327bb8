from django.db import migrations
from django.utils import timezone

from seafarers_home.consent import documents_v1


def create_documents(apps, schema_editor):
    documents_v1.install(apps.get_model("consent", "ConsentDocument"), timezone.now())


def remove_documents(apps, schema_editor):
    ConsentDocument = apps.get_model("consent", "ConsentDocument")
    ConsentDocument.objects.filter(version=1, records__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consent", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_documents, remove_documents),
    ]
