"""A new seafarer's way in (issue 16 item 5): registration leads to the seafarer profile, the
vessel is found by name or registration number with a plain GET search, and voyage
registration names what is missing instead of refusing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.services import current_document
from seafarers_home.organisations.models import SeafarerProfile
from tests.personas import World, give_health_consent, login

pytestmark = pytest.mark.django_db

VESSEL = "/organisations/me/vessel/"


def _newcomer() -> tuple[User, Client]:
    user = User.objects.create_user("13800000099", "x-Haiyuan-2026!")
    RoleGrant.objects.create(user=user, role=Role.SEAFARER)
    for kind in ("terms", "privacy"):
        if document := current_document(kind):
            do_accept_consent(user, document)
    give_health_consent(user)
    return user, login(Client(), user)


def test_voyage_registration_names_the_missing_profile_and_links_to_it(world: World):
    _user, client = _newcomer()
    page = client.get(reverse("voyages:record_own"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "还缺少您的海员档案" in html
    assert "这个账号不是登记的海员" not in html
    assert reverse("organisations:my_profile") + "?next=" + reverse("voyages:record_own") in html
    assert 'name="planned_departure"' not in html  # no form to fill in vain


def test_the_profile_leads_on_to_the_vessel_search_and_back_to_the_voyage(world: World):
    user, client = _newcomer()
    target = reverse("voyages:record_own")
    response = client.post(
        reverse("organisations:my_profile") + f"?next={target}",
        {"real_name": "张新", "rank": "fisherman", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{VESSEL}?{urlencode({'next': target})}"
    # Found by part of the name, and by the registration number typed without dashes.
    by_name = client.get(VESSEL, {"q": "平太荣", "next": target}).content.decode()
    assert "ZS-A-0001" in by_name and "ZS-B-0008" not in by_name
    by_number = client.get(VESSEL, {"q": "zsb0008"}).content.decode()
    assert "东海 8" in by_number and "平太荣 1号" not in by_number
    assert "请至少输入两个字" in client.get(VESSEL, {"q": "平"}).content.decode()
    response = client.post(VESSEL, {"vessel": world.vessel_a.pk, "next": target})
    assert response.status_code == 302 and response["Location"] == target
    profile = SeafarerProfile.objects.get(user=user)
    assert profile.current_vessel == world.vessel_a
    assert profile.pending_company == world.company_a and profile.company is None
    # The voyage form now starts from the vessel chosen.
    form = client.get(target).content.decode()
    assert 'value="ZS-A-0001"' in form


def test_a_company_can_be_chosen_without_a_vessel(world: World):
    user, client = _newcomer()
    client.post(reverse("organisations:my_profile"), {"real_name": "张新", "rank": "cook"})
    html = client.get(VESSEL, {"q": "东海航运"}).content.decode()
    assert "我在这家企业工作" in html
    client.post(VESSEL, {"company": world.company_b.pk})
    profile = SeafarerProfile.objects.get(user=user)
    assert profile.pending_company == world.company_b and profile.current_vessel is None


def test_the_vessel_step_needs_the_name_first(world: World):
    _user, client = _newcomer()
    response = client.get(VESSEL)
    assert response.status_code == 302 and response["Location"] == reverse(
        "organisations:my_profile"
    )


def test_an_unsafe_next_is_ignored(world: World):
    _user, client = _newcomer()
    client.post(reverse("organisations:my_profile"), {"real_name": "张新", "rank": "cook"})
    response = client.post(VESSEL, {"vessel": world.vessel_a.pk, "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:health")
