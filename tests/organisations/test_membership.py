"""Crew membership is confirmed by the company, not claimed (issue 16 item 6): a seafarer who
picks a company waits as "pending" until its officer confirms them or names them in a crew
CSV; until then they are on no crew list, vessel page or campaign of that company."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.audit.models import AuditEvent
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.services import current_document
from seafarers_home.notifications.models import Notification
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.actions_campaigns import do_create_campaign
from seafarers_home.screening.models import Battery
from tests.personas import World, give_health_consent, login

pytestmark = pytest.mark.django_db

CREW = "/organisations/company/crew/"


def _newcomer(phone: str = "13800000099") -> tuple[User, Client]:
    user = User.objects.create_user(phone, "x-Haiyuan-2026!")
    RoleGrant.objects.create(user=user, role=Role.SEAFARER)
    for kind in ("terms", "privacy"):
        if document := current_document(kind):
            do_accept_consent(user, document)
    return user, login(Client(), user)


def _join_vessel_a(world: World, phone: str = "13800000099", name: str = "张新") -> User:
    """A new seafarer saves their name, then picks vessel A by search, as a person would."""
    user, client = _newcomer(phone)
    response = client.post("/organisations/me/", {"real_name": name, "rank": "cook"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("organisations:my_vessel"))
    results = client.get(reverse("organisations:my_vessel"), {"q": "a-0001"}).content.decode()
    assert "平太荣 1号" in results and "东海 8" not in results
    response = client.post(reverse("organisations:my_vessel"), {"vessel": world.vessel_a.pk})
    assert response.status_code == 302
    return user


@pytest.mark.parametrize("typed", ["平太荣1号", "平太荣 1", "ｚｓａ０００１", "ZS A 0001"])
def test_the_vessel_search_finds_a_ship_as_a_phone_types_its_name(world: World, typed: str):
    """A phone's keyboard types no space (平太荣1号 for 平太荣 1号), or full-width digits."""
    _user, client = _newcomer("13800000098")
    client.post("/organisations/me/", {"real_name": "张新", "rank": "cook"})
    results = client.get(reverse("organisations:my_vessel"), {"q": typed}).content.decode()
    assert "平太荣 1号" in results and "东海 8" not in results


def _profile(user: User) -> SeafarerProfile:
    return SeafarerProfile.objects.get(user=user)


def test_a_self_chosen_company_is_pending_and_on_no_crew_list(client_for, world: World):
    user = _join_vessel_a(world)
    profile = _profile(user)
    assert profile.company is None and profile.pending_company == world.company_a
    assert profile.current_vessel == world.vessel_a
    officer = client_for("officer_a")
    crew_page = officer.get(CREW).content.decode()
    # Listed only among the requests awaiting confirmation, with the actions.
    pending_part, confirmed_part = crew_page.split("已确认的船员")
    assert "张新" in pending_part and "张新" not in confirmed_part
    assert reverse("organisations:confirm_member", args=[profile.pk]) in pending_part
    assert (
        "张新" not in officer.get(f"/organisations/vessels/{world.vessel_a.pk}/").content.decode()
    )
    # Union staff list every seafarer, this one marked as not confirmed by the company.
    union_page = client_for("union_staff").get(CREW).content.decode()
    assert "<td>张新</td>" in union_page and "平太荣远洋渔业(待确认)" in union_page
    # The seafarer is told they are waiting.
    own = login(Client(), user).get("/organisations/me/").content.decode()
    assert "待确认" in own and "平太荣远洋渔业" in own


def test_the_officer_confirms_and_the_seafarer_joins_the_crew_list(client_for, world: World):
    user = _join_vessel_a(world)
    profile = _profile(user)
    response = client_for("officer_a").post(
        reverse("organisations:confirm_member", args=[profile.pk])
    )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.company == world.company_a and profile.pending_company is None
    crew_page = client_for("officer_a").get(CREW).content.decode()
    assert "张新" in crew_page and "等待确认的船员" not in crew_page
    vessel_page = client_for("officer_a").get(f"/organisations/vessels/{world.vessel_a.pk}/")
    assert "张新" in vessel_page.content.decode()
    [event] = AuditEvent.objects.filter(action="organisations.membership.confirm")
    assert event.actor_id == world.officer_a.pk and event.target_id == str(profile.pk)
    note = Notification.objects.get(user=user, kind="organisations.membership")
    assert "平太荣远洋渔业" in note.message
    assert "已确认的船员" in login(Client(), user).get("/organisations/me/").content.decode()


def test_the_officer_declines_and_the_request_ends(client_for, world: World):
    user = _join_vessel_a(world)
    profile = _profile(user)
    url = reverse("organisations:decline_member", args=[profile.pk])
    assert client_for("officer_a").post(url).status_code == 302
    profile.refresh_from_db()
    assert profile.company is None and profile.pending_company is None
    assert profile.current_vessel is None
    assert "张新" not in client_for("officer_a").get(CREW).content.decode()
    assert AuditEvent.objects.filter(action="organisations.membership.decline").count() == 1
    assert Notification.objects.filter(user=user, kind="organisations.membership").exists()
    # Decided once: a second press finds no request.
    assert client_for("officer_a").post(url).status_code == 404


@pytest.mark.parametrize("persona", ["officer_b", "union_staff", "seafarer"])
def test_nobody_but_the_chosen_company_decides(client_for, world: World, persona: str):
    user = _join_vessel_a(world)
    profile = _profile(user)
    for name in ("confirm_member", "decline_member"):
        response = client_for(persona).post(reverse(f"organisations:{name}", args=[profile.pk]))
        assert response.status_code == 404
    profile.refresh_from_db()
    assert profile.pending_company == world.company_a and profile.company is None
    assert not AuditEvent.objects.filter(action__startswith="organisations.membership").exists()


def test_confirming_needs_a_post(client_for, world: World):
    profile = _profile(_join_vessel_a(world))
    response = client_for("officer_a").get(
        reverse("organisations:confirm_member", args=[profile.pk])
    )
    assert response.status_code == 405
    profile.refresh_from_db()
    assert profile.company is None


def test_choosing_another_company_leaves_the_old_crew_list(client_for, world: World):
    client = client_for("seafarer")
    response = client.post(reverse("organisations:my_vessel"), {"vessel": world.vessel_b.pk})
    assert response.status_code == 302
    profile = _profile(world.seafarer)
    assert profile.company is None and profile.pending_company == world.company_b
    assert "王海" not in client_for("officer_a").get(CREW).content.decode()
    assert "王海" not in client_for("officer_b").get(CREW).content.decode().split("已确认的船员")[1]


def test_a_vessel_campaign_invites_only_confirmed_crew(world: World):
    pending = _join_vessel_a(world)
    battery = Battery.objects.create(code="b", name="出海前", instrument_codes=["who5"])
    campaign = do_create_campaign(
        world.officer_a,
        organisation=world.company_a,
        title="船员心理CT",
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
        vessel=world.vessel_a,
    )
    invited = set(campaign.invites.values_list("seafarer_id", flat=True))
    assert world.seafarer.pk in invited and pending.pk not in invited


def test_a_crew_csv_of_the_company_confirms_a_pending_seafarer(client_for, world: World):
    user = _join_vessel_a(world, phone="13900000077")
    give_health_consent(user)
    other = _join_vessel_a(world, phone="13900000078", name="外人")
    start = timezone.localdate() + timedelta(days=10)
    end = start + timedelta(days=90)
    data = (
        "phone,registration_number,planned_departure,expected_return\n"
        f"13900000077,ZS-A-0001,{start},{end}\n"
    ).encode()
    from io import BytesIO

    upload = BytesIO(data)
    upload.name = "crew.csv"
    response = client_for("officer_a").post(reverse("voyages:import"), {"crew_list": upload})
    assert response.status_code == 302
    assert _profile(user).company == world.company_a
    assert _profile(other).company is None  # not named: still waiting
    event = AuditEvent.objects.get(action="organisations.membership.confirm")
    assert event.detail["via"] == "csv"


def test_another_companys_csv_cannot_name_a_pending_seafarer(client_for, world: World):
    user = _join_vessel_a(world, phone="13900000077")
    give_health_consent(user)
    start = timezone.localdate() + timedelta(days=10)
    data = (
        "phone,registration_number,planned_departure,expected_return\n"
        f"13900000077,ZS-B-0008,{start},{start + timedelta(days=90)}\n"
    ).encode()
    from io import BytesIO

    upload = BytesIO(data)
    upload.name = "crew.csv"
    response = client_for("officer_b").post(reverse("voyages:import"), {"crew_list": upload})
    assert response.status_code == 422
    assert "在本企业的海员中找不到此人" in response.content.decode()
    assert _profile(user).company is None


def test_a_campaign_csv_of_the_company_confirms_and_invites_a_pending_seafarer(
    client_for, world: World
):
    from io import BytesIO

    user = _join_vessel_a(world, phone="13900000077")
    battery = Battery.objects.create(code="b", name="出海前", instrument_codes=["who5"])
    campaign = do_create_campaign(
        world.officer_a,
        organisation=world.company_a,
        title="名单",
        battery=battery,
        deadline=timezone.now() + timedelta(days=7),
    )
    upload = BytesIO(b"phone\n13900000077\n")
    upload.name = "list.csv"
    url = reverse("screening:campaign_import", args=[campaign.pk])
    assert client_for("officer_a").post(url, {"invitees": upload}).status_code == 302
    assert _profile(user).company == world.company_a
    assert campaign.invites.filter(seafarer=user).exists()


def test_the_export_names_the_pending_company_and_erasure_withdraws_the_request(
    client_for, world: World
):
    import json

    user = _join_vessel_a(world)
    client = login(Client(), user)
    export = client.get(reverse("consent:my_data_export", args=["seafarer_profile"]))
    assert export.status_code == 200
    assert "平太荣远洋渔业" in json.dumps(json.loads(export.content), ensure_ascii=False)
    response = client.post(
        reverse("consent:my_data_erase", args=["seafarer_profile"]), {"confirm": "1"}
    )
    assert response.status_code == 302
    profile = _profile(user)
    assert profile.pending_company is None and profile.pending_since is None
    assert "等待确认的船员" not in client_for("officer_a").get(CREW).content.decode()
