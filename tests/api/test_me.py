from __future__ import annotations

import pytest

from seafarers_home.audit.models import AuditEvent

ME = "/api/v1/me"
VESSELS = "/api/v1/organisations/vessels"


def test_it_shows_my_account_without_health_data(world, bearer):
    body = bearer("seafarer").get(ME).json()
    assert body["display_name"] == "王海"
    assert body["phone_masked"] == "138****0001"
    assert world.seafarer.phone not in str(body)
    assert body["roles"] == [
        {
            "role": "seafarer",
            "label": "海员",
            "organisation": {"id": world.company_a.pk, "name": "平太荣远洋渔业"},
        }
    ]
    profile = body["seafarer_profile"]
    assert profile["real_name"] == "王海"
    assert profile["company"] == {"id": world.company_a.pk, "name": "平太荣远洋渔业"}
    assert profile["current_vessel"]["registration_number"] == "ZS-A-0001"
    assert "seafarers_book_number" not in profile
    assert body["time_zone"] == "Asia/Shanghai"


def test_it_shows_staff_roles_and_no_seafarer_profile(world, bearer):
    body = bearer("clinician").get(ME).json()
    assert body["seafarer_profile"] is None
    assert body["roles"][0]["role"] == "clinician"
    assert body["roles"][0]["organisation"]["id"] == world.clinic.pk


def test_it_changes_my_settings_with_an_audit_row(world, bearer):
    response = bearer("seafarer").patch(
        ME,
        {"display_name": "  海哥 ", "time_zone": "Pacific/Auckland", "preferred_language": "en"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["time_zone"] == "Pacific/Auckland"
    world.seafarer.refresh_from_db()
    assert world.seafarer.display_name == "海哥"
    assert world.seafarer.time_zone == "Pacific/Auckland"
    assert world.seafarer.preferred_language == "en"
    event = AuditEvent.objects.get(action="account.profile.update")
    assert event.actor_id == world.seafarer.pk
    assert sorted(event.detail["fields"]) == ["display_name", "preferred_language", "time_zone"]


def test_it_changes_only_the_fields_sent(world, bearer):
    response = bearer("seafarer").patch(
        ME, {"time_zone": "Asia/Singapore"}, content_type="application/json"
    )
    assert response.status_code == 200
    world.seafarer.refresh_from_db()
    assert (world.seafarer.display_name, world.seafarer.time_zone) == ("王海", "Asia/Singapore")


BAD_SETTINGS = [
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone", "Asia/Shanghai"),
    ({"time_zone": "../../etc/passwd"}, "time_zone", "Asia/Shanghai"),
    ({"display_name": "x" * 61}, "display_name", "60"),
    ({"display_name": "   "}, "display_name", "称呼"),
    ({"display_name": "bad\x00name"}, "display_name", "称呼"),
    ({"display_name": "lone \ud800 surrogate"}, "display_name", ""),
    ({"preferred_language": "fr"}, "preferred_language", "zh-hans"),
    ({"display_name": None}, "display_name", ""),
]


def test_it_rejects_bad_settings_and_changes_nothing(world, bearer):
    client = bearer("seafarer")
    for payload, field, words in BAD_SETTINGS:
        # A valid field next to the bad one must not be applied either.
        body = {"preferred_language": "en", **payload}
        response = client.patch(ME, body, content_type="application/json")
        assert response.status_code == 422, payload
        errors = response.json()["detail"]
        assert any(e["loc"][-1] == field and words in e["msg"] for e in errors), errors
    world.seafarer.refresh_from_db()
    assert (world.seafarer.display_name, world.seafarer.time_zone) == ("王海", "Asia/Shanghai")
    assert world.seafarer.preferred_language == "zh-hans"
    assert not AuditEvent.objects.filter(action="account.profile.update").exists()


def test_it_explains_a_bad_time_zone_in_english_too(world, bearer):
    response = bearer("seafarer").patch(
        ME, {"time_zone": "Nowhere"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "time zone" in response.json()["detail"][0]["msg"].lower()


def _vessel_ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {v["id"] for v in response.json()["items"]}


def test_it_shows_a_company_officer_only_their_own_companys_vessels(world, bearer):
    from seafarers_home.organisations.models import Vessel

    Vessel.objects.create(
        name="东海 9", registration_number="ZS-B-0009", kind="other", company=world.company_b
    )
    assert _vessel_ids(bearer("officer_a").get(VESSELS)) == {world.vessel_a.pk}
    response = bearer("officer_b").get(VESSELS)
    assert world.vessel_a.pk not in _vessel_ids(response)
    assert response.json()["count"] == 2
    assert {v["company"]["id"] for v in response.json()["items"]} == {world.company_b.pk}


@pytest.mark.parametrize("name", ["union_staff", "admin"])
def test_it_shows_union_staff_and_administrators_every_vessel(world, bearer, name):
    assert _vessel_ids(bearer(name).get(VESSELS)) == {world.vessel_a.pk, world.vessel_b.pk}


@pytest.mark.parametrize("name", ["seafarer", "clinician", "counsellor", "outsider"])
def test_it_refuses_the_vessel_list_to_other_roles(world, bearer, name):
    response = bearer(name).get(VESSELS)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_it_pages_the_vessel_list(world, bearer):
    client = bearer("union_staff")
    first = client.get(VESSELS, {"limit": 1}).json()
    second = client.get(VESSELS, {"limit": 1, "offset": 1}).json()
    assert first["count"] == second["count"] == 2
    assert {first["items"][0]["id"], second["items"][0]["id"]} == {
        world.vessel_a.pk,
        world.vessel_b.pk,
    }
    assert client.get(VESSELS, {"limit": 0}).status_code == 422
    assert client.get(VESSELS, {"limit": 10**30}).status_code == 422
