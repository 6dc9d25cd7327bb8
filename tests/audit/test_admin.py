from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from seafarers_home.accounts.models import RoleGrant, User
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.models import ConsentDocument
from seafarers_home.consent.services import current_document
from seafarers_home.organisations.models import Vessel


def test_it_shows_audit_rows_read_only_in_the_admin(world, client_for):
    event = record_audit(world.clinician, "inquiry.read", target=world.seafarer)
    client = client_for("admin")
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    change_url = reverse("admin:audit_auditevent_change", args=[event.pk])
    page = client.get(change_url)
    assert page.status_code == 200
    assert 'name="action"' not in page.content.decode()
    client.post(change_url, {"action": "edited"})
    assert AuditEvent.objects.get(pk=event.pk).action == "inquiry.read"
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


def test_it_audits_each_row_of_a_bulk_delete_in_the_admin(world, client_for):
    vessels = [
        Vessel.objects.create(
            name=f"测试 {n}号", registration_number=f"T-{n}", kind="other", company=world.company_a
        )
        for n in (1, 2)
    ]
    grants = [
        RoleGrant.objects.create(user=world.outsider, role="seafarer", organisation=org)
        for org in (world.company_a, world.company_b)
    ]
    client = client_for("admin")
    for url, rows in [
        (reverse("admin:organisations_vessel_changelist"), vessels),
        (reverse("admin:accounts_rolegrant_changelist"), grants),
    ]:
        selected = [row.pk for row in rows]
        response = client.post(
            url, {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
        )
        assert response.status_code == 302
        assert not type(rows[0]).objects.filter(pk__in=selected).exists()
    deleted = AuditEvent.objects.filter(action="admin.delete", target_type="organisations.vessel")
    assert sorted(deleted.values_list("target_id", flat=True)) == sorted(str(v.pk) for v in vessels)
    revoked = AuditEvent.objects.filter(action="admin.role_revoked")
    assert sorted(revoked.values_list("target_id", flat=True)) == sorted(str(g.pk) for g in grants)


def test_it_never_deletes_a_person_or_their_consent_evidence(world, client_for):
    client = client_for("admin")
    url = reverse("admin:accounts_user_delete", args=[world.outsider.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [world.outsider.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=world.outsider.pk).exists()
    assert response.status_code in (200, 302)
    with pytest.raises(ProtectedError):
        User.objects.get(pk=world.outsider.pk).delete()


def test_it_audits_the_consent_document_admin_like_the_others(world, client_for):
    document = current_document("terms")
    client = client_for("admin")
    client.post(
        reverse("admin:consent_consentdocument_changelist"),
        {"action": "new_version", "_selected_action": [document.pk]},
    )
    draft = ConsentDocument.objects.get(kind="terms", version=document.version + 1)
    added = AuditEvent.objects.get(action="admin.add", target_id=str(draft.pk))
    assert added.target_type == "consent.consentdocument"
    assert added.actor_id == world.admin.pk
    assert added.detail == {"copied_from": document.pk, "version": draft.version}
    url = reverse("admin:consent_consentdocument_delete", args=[draft.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not ConsentDocument.objects.filter(pk=draft.pk).exists()
    deleted = AuditEvent.objects.get(action="admin.delete", target_id=str(draft.pk))
    assert deleted.target_type == "consent.consentdocument"
