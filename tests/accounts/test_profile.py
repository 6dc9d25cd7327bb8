from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.accounts.actions import do_issue_api_token
from seafarers_home.accounts.models import ApiToken, User
from seafarers_home.audit.models import AuditEvent
from tests.personas import World

PROFILE = "/accounts/profile/"


def save(client: Client, **changes):
    data = {"display_name": "王海", "preferred_language": "zh-hans", "time_zone": "Asia/Shanghai"}
    data.update(changes)
    return client.post(PROFILE, data)


def test_it_shows_the_profile_with_roles(world: World, client_for) -> None:
    body = client_for("clinician").get(PROFILE).content.decode()
    assert "医生" in body and "海员心理咨询科" in body
    # Chosen from Chinese names grouped by sea area (issue 16 item 12), not typed.
    assert '<select name="time_zone"' in body and 'list="time-zones"' not in body
    assert '<option value="Asia/Shanghai" selected>北京时间 (UTC+8)</option>' in body
    assert '<optgroup label="太平洋">' in body
    assert '<option value="Pacific/Fiji">太平洋 · 斐济 (UTC+12)</option>' in body


def test_it_saves_name_language_and_time_zone(world: World, client_for) -> None:
    client = client_for("seafarer")
    response = save(
        client, display_name="老王", preferred_language="en", time_zone="Pacific/Auckland"
    )
    assert response.status_code == 302
    assert response.cookies["sh_language"].value == "en"
    user = User.objects.get(pk=world.seafarer.pk)
    assert (user.display_name, user.preferred_language, user.time_zone) == (
        "老王",
        "en",
        "Pacific/Auckland",
    )
    event = AuditEvent.objects.get(action="account.profile.update")
    assert event.detail["fields"] == ["display_name", "preferred_language", "time_zone"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus_Mons"}, "请从列表中选择时区"),
        ({"time_zone": ""}, "请选择时区"),
        ({"time_zone": "../../etc/passwd"}, "请从列表中选择时区"),
        ({"time_zone": "Europe/Paris"}, "请从列表中选择时区"),
        ({"preferred_language": "fr"}, "选择一个有效的选项"),
        ({"display_name": "名" * 61}, "61"),
    ],
)
def test_it_refuses_bad_input_and_changes_nothing(
    world: World, client_for, changes, message
) -> None:
    response = save(client_for("seafarer"), **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    user = User.objects.get(pk=world.seafarer.pk)
    assert (user.display_name, user.time_zone, user.preferred_language) == (
        "王海",
        "Asia/Shanghai",
        "zh-hans",
    )
    assert not AuditEvent.objects.filter(action="account.profile.update").exists()


def test_it_shows_times_in_the_chosen_zone(world: World, client_for) -> None:
    client = client_for("seafarer")
    save(client, time_zone="UTC")
    token, _key = do_issue_api_token(world.seafarer, name="phone")
    body = client.get(PROFILE).content.decode()
    assert token.expires_at.strftime("%Y-%m-%d %H:%M") in body


def test_it_revokes_own_tokens_only(world: World, client_for) -> None:
    mine, _ = do_issue_api_token(world.seafarer, name="mine")
    theirs, _ = do_issue_api_token(world.seafarer_b, name="theirs")
    client = client_for("seafarer")
    assert client.post(f"/accounts/tokens/{theirs.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    assert client.post(f"/accounts/tokens/{mine.pk}/revoke/").status_code == 302
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoked").count() == 1


def test_it_asks_anonymous_visitors_to_sign_in(db: None) -> None:
    response = Client().get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
