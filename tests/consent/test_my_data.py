from __future__ import annotations

import json

import pytest
from django.urls import reverse

from seafarers_home.accounts.models import User
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.reads import record_read
from seafarers_home.consent.personal_data import personal_data_types
from seafarers_home.organisations.models import SeafarerProfile

MY_DATA = reverse("consent:my_data")


def export(client, key: str) -> dict:
    response = client.get(reverse("consent:my_data_export", args=[key]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return json.loads(response.content)


def test_it_lists_each_type_with_export_and_erase(world, client_for):
    html = client_for("seafarer").get(MY_DATA).content.decode()
    for key in ["account", "seafarer_profile", "consents", "access_log"]:
        assert reverse("consent:my_data_export", args=[key]) in html
    assert reverse("consent:my_data_erase", args=["seafarer_profile"]) in html
    assert reverse("consent:my_data_erase", args=["access_log"]) not in html


def test_it_exports_the_persons_data_and_nobody_elses(world, client_for):
    client = client_for("seafarer")
    client.post(reverse("consent:document", args=["health_data"]), {"agree": "1", "version": 1})
    client_for("seafarer_b").post(
        reverse("consent:document", args=["terms"]), {"agree": "1", "version": 1}
    )
    payload = export(client, "all")
    data = payload["data"]
    assert payload["user_id"] == world.seafarer.pk
    assert data["account"]["phone"] == "13800000001"
    assert data["account"]["roles"] == [{"role": "seafarer", "organisation": "平太荣远洋渔业"}]
    assert data["seafarer_profile"]["real_name"] == "王海"
    assert data["seafarer_profile"]["current_vessel"]["name"] == "平太荣 1号"
    # terms and privacy: accepted on sign-up (personas)
    assert [c["kind"] for c in data["consents"]] == ["terms", "privacy", "health_data"]
    text = json.dumps(payload, ensure_ascii=False)
    assert "13800000011" not in text and "李强" not in text


def test_it_exports_one_type_and_audits_it(world, client_for):
    payload = export(client_for("seafarer"), "seafarer_profile")
    assert list(payload["data"]) == ["seafarer_profile"]
    event = AuditEvent.objects.get(action="personal_data.export")
    assert event.actor_id == world.seafarer.pk
    assert event.target_type == "accounts.user"
    assert event.target_id == str(world.seafarer.pk)
    assert event.detail == {"types": ["seafarer_profile"]}


def test_it_shows_who_read_the_persons_records_in_the_access_log(world, client_for):
    profile = world.seafarer.seafarer_profile
    record_read(world.clinician, "inquiry.read", target=profile, purpose="consultation")
    record_read(
        world.clinician,
        "inquiry.read",
        target=world.seafarer_b.seafarer_profile,
        purpose="consultation",
    )
    log = export(client_for("seafarer"), "access_log")["data"]["access_log"]
    reads = [row for row in log if row["action"] == "inquiry.read"]
    assert reads == [
        {
            "at": reads[0]["at"],
            "action": "inquiry.read",
            "by": f"user:{world.clinician.pk}",
            "target_type": "organisations.seafarerprofile",
            "target_id": str(profile.pk),
            "purpose": "consultation",
            "ip_address": None,
        }
    ]


def test_it_erases_the_seafarer_profile_after_confirmation(world, client_for):
    client = client_for("seafarer")
    url = reverse("consent:my_data_erase", args=["seafarer_profile"])
    assert client.post(url, {}).status_code == 400
    assert SeafarerProfile.objects.get(user=world.seafarer).real_name == "王海"

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    profile = SeafarerProfile.objects.get(user=world.seafarer)
    assert profile.real_name == ""
    assert profile.seafarers_book_number is None
    assert profile.company is None and profile.current_vessel is None
    assert SeafarerProfile.objects.get(user=world.seafarer_b).real_name == "李强"
    event = AuditEvent.objects.get(action="personal_data.erase")
    assert event.detail == {"types": ["seafarer_profile"]}
    assert client.get(MY_DATA).status_code == 200


def test_it_erases_the_account_anonymises_and_signs_out(world, client_for):
    client = client_for("seafarer")
    response = client.post(reverse("consent:my_data_erase", args=["account"]), {"confirm": "1"})
    assert response.status_code == 302
    user = User.objects.get(pk=world.seafarer.pk)
    assert not user.is_active
    assert user.phone != "13800000001" and user.display_name == ""
    assert not user.has_usable_password()
    assert not user.role_grants.exists()
    assert SeafarerProfile.objects.get(user=user).real_name == ""
    event = AuditEvent.objects.get(action="personal_data.erase")
    # Every other erasable type first (apps register their own), the account last.
    erasable = [t.key for t in personal_data_types() if t.erasable and t.key != "account"]
    assert "seafarer_profile" in erasable
    # Kept types are de-identified (the privacy page says how), then the account goes.
    kept = [t.key for t in personal_data_types() if t.deidentify is not None]
    assert "crisis_alerts" in kept
    assert event.detail == {"types": [*erasable, "account"], "deidentified": kept}
    assert "13800000001" not in json.dumps(list(AuditEvent.objects.values()), default=str)
    # Signed out: the next page asks for a sign-in.
    assert client.get(MY_DATA).status_code == 302
    assert not User.objects.filter(phone="13800000001").exists()


@pytest.mark.parametrize("key", ["access_log", "consents", "nonsense"])
def test_it_refuses_to_erase_what_cannot_be_erased(world, client_for, key):
    client = client_for("seafarer")
    response = client.post(reverse("consent:my_data_erase", args=[key]), {"confirm": "1"})
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="personal_data.erase").exists()


def test_it_answers_404_for_an_unknown_export(world, client_for):
    response = client_for("seafarer").get(reverse("consent:my_data_export", args=["nonsense"]))
    assert response.status_code == 404


def test_it_sends_anonymous_people_to_sign_in(world, client):
    for url in [MY_DATA, reverse("consent:my_data_export", args=["all"])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
