from __future__ import annotations

import pytest

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.organisations.models import Organisation, SeafarerProfile
from tests.personas import World

pytestmark = pytest.mark.django_db

URL = "/organisations/company/crew/"


def test_it_shows_officer_a_only_company_as_crew(client_for, world: World) -> None:
    response = client_for("officer_a").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "王海" in html
    assert "李强" not in html
    assert "渔工" in html  # rank
    assert "平太荣 1号" in html  # vessel


def test_it_shows_officer_b_only_company_bs_crew(client_for, world: World) -> None:
    html = client_for("officer_b").get(URL).content.decode()
    assert "李强" in html
    assert "王海" not in html


def test_it_ignores_a_company_filter_from_an_officer(client_for, world: World) -> None:
    html = client_for("officer_b").get(URL, {"company": world.company_a.pk}).content.decode()
    assert "王海" not in html


@pytest.mark.parametrize("persona", ["union_staff", "admin"])
def test_it_shows_union_staff_every_company_with_a_filter(
    client_for, world: World, persona: str
) -> None:
    client = client_for(persona)
    html = client.get(URL).content.decode()
    assert "王海" in html and "李强" in html
    filtered = client.get(URL, {"company": world.company_b.pk}).content.decode()
    assert "李强" in filtered
    assert "王海" not in filtered


@pytest.mark.parametrize("persona", ["seafarer", "outsider", "clinician", "counsellor"])
def test_it_refuses_everyone_else(client_for, persona: str) -> None:
    assert client_for(persona).get(URL).status_code == 404


def test_it_refuses_an_officer_without_a_company(client_for, world: World) -> None:
    # A grant with no organisation is refused by the database; a company union that belongs
    # to no company gives its officer no crew to see.
    orphan_union = Organisation.objects.create(
        name="无主工会", code="orphan-union", kind=Organisation.Kind.COMPANY_UNION
    )
    RoleGrant.objects.create(
        user=world.outsider, role=Role.COMPANY_OFFICER, organisation=orphan_union
    )
    assert client_for("outsider").get(URL).status_code == 404


def test_it_pages_a_long_crew_list(client_for, world: World) -> None:
    for number in range(55):
        user = User.objects.create_user(f"139{number:08d}")
        SeafarerProfile.objects.create(
            user=user, real_name=f"船员{number:02d}", company=world.company_b
        )
    client = client_for("officer_b")
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert first.count("<tr>") - 1 == 50
    assert second.count("<tr>") - 1 == 6
    assert "?page=2" in first
    assert client.get(URL, {"page": "x"}).status_code == 200
