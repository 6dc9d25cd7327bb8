from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.models import ConsentDocument
from seafarers_home.consent.services import current_document


def test_it_shows_audit_rows_read_only_in_the_admin(world, client_for):
    event = record_audit(world.clinician, "profile.view", target=world.seafarer)
    client = client_for("admin")
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    client.post(change_url, {"action": "edited"})
    assert AuditEvent.objects.get(pk=event.pk).action == "profile.view"
    delete_url = reverse("admin:audit_auditevent_delete", args=[event.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403


def test_it_freezes_a_published_consent_document_in_the_admin(world, client_for):
    document = current_document("terms")
    client = client_for("admin")
    url = reverse("admin:consent_consentdocument_change", args=[document.pk])
    assert 'name="body"' not in client.get(url).content.decode()
    client.post(url, {"body": "改过的正文", "title": "改过"})
    assert ConsentDocument.objects.get(pk=document.pk).body == document.body


def test_it_makes_a_new_unpublished_version_from_a_published_one(world, client_for):
    document = current_document("terms")
    client_for("admin").post(
        reverse("admin:consent_consentdocument_changelist"),
        {"action": "new_version", "_selected_action": [document.pk]},
    )
    draft = ConsentDocument.objects.get(kind="terms", version=document.version + 1)
    assert draft.published_at > timezone.now()
    assert current_document("terms") == document
    url = reverse("admin:consent_consentdocument_change", args=[draft.pk])
    assert 'name="body"' in client_for("admin").get(url).content.decode()
