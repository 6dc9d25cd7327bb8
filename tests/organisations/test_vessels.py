from __future__ import annotations

import unicodedata

import pytest
from django.utils import translation

from seafarers_home.accounts.models import Role, RoleGrant
from seafarers_home.organisations.models import Organisation, Vessel
from tests.organisations.conftest import audit_rows
from tests.personas import World

pytestmark = pytest.mark.django_db

LIST = "/organisations/company/vessels/"
NEW = "/organisations/company/vessels/new/"


def _vessel_data(**changes: str) -> dict[str, str]:
    data = {
        "name": "平太荣 2号",
        "registration_number": "ZS-A-0002",
        "kind": "distant_water_fishing",
        "link_at_sea": "beidou",
    }
    data.update(changes)
    return data


def test_it_lets_an_officer_register_a_vessel_for_their_company(client_for, world: World) -> None:
    client = client_for("officer_a")
    assert client.get(NEW).status_code == 200
    response = client.post(NEW, _vessel_data())
    vessel = Vessel.objects.get(registration_number="ZS-A-0002")
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/vessels/{vessel.pk}/"
    assert vessel.company == world.company_a
    [row] = audit_rows("organisations.vessel.create")
    assert (row.actor_id, row.target_id) == (world.officer_a.pk, str(vessel.pk))
    assert "平太荣 2号" in client.get(LIST).content.decode()


def test_it_refuses_a_registration_number_that_exists(client_for, world: World) -> None:
    response = client_for("officer_b").post(NEW, _vessel_data(registration_number="ZS-A-0001"))
    assert response.status_code == 200
    assert "这个船舶登记号已经登记过了" in response.content.decode()
    assert Vessel.objects.count() == 2
    assert not audit_rows("organisations.vessel.create")


def test_it_refuses_an_unknown_vessel_kind(client_for, world: World) -> None:
    response = client_for("officer_a").post(NEW, _vessel_data(kind="submarine"))
    assert response.status_code == 200
    assert Vessel.objects.count() == 2


def test_it_lets_the_owning_officer_edit_a_vessel(client_for, world: World) -> None:
    client = client_for("officer_a")
    url = f"/organisations/vessels/{world.vessel_a.pk}/edit/"
    assert client.get(url).status_code == 200
    response = client.post(url, _vessel_data(name="平太荣 一号", registration_number="ZS-A-0001"))
    assert response.status_code == 302
    world.vessel_a.refresh_from_db()
    assert world.vessel_a.name == "平太荣 一号"
    assert world.vessel_a.link_at_sea == "beidou"
    [row] = audit_rows("organisations.vessel.update")
    assert set(row.detail["fields"]) == {"name", "link_at_sea"}


def test_it_hides_another_companys_vessel_from_an_officer(client_for, world: World) -> None:
    client = client_for("officer_b")
    pk = world.vessel_a.pk
    assert client.get(f"/organisations/vessels/{pk}/").status_code == 404
    assert client.get(f"/organisations/vessels/{pk}/edit/").status_code == 404
    response = client.post(f"/organisations/vessels/{pk}/edit/", _vessel_data(name="劫持"))
    assert response.status_code == 404
    world.vessel_a.refresh_from_db()
    assert world.vessel_a.name == "平太荣 1号"
    assert "平太荣 1号" not in client.get(LIST).content.decode()


def test_it_shows_the_vessel_with_its_crew(client_for, world: World) -> None:
    html = client_for("officer_a").get(f"/organisations/vessels/{world.vessel_a.pk}/").content
    html = html.decode()
    assert "ZS-A-0001" in html
    assert "王海" in html
    assert f"/organisations/vessels/{world.vessel_a.pk}/edit/" in html


def test_it_shows_union_staff_every_vessel_read_only(client_for, world: World) -> None:
    client = client_for("union_staff")
    html = client.get(LIST).content.decode()
    assert "平太荣 1号" in html and "东海 8" in html
    assert NEW not in html
    detail = client.get(f"/organisations/vessels/{world.vessel_b.pk}/").content.decode()
    assert "/edit/" not in detail
    assert client.get(f"/organisations/vessels/{world.vessel_b.pk}/edit/").status_code == 404
    assert client.get(NEW).status_code == 404


@pytest.mark.parametrize("persona", ["seafarer", "outsider", "clinician"])
def test_it_refuses_vessels_to_everyone_else(client_for, world: World, persona: str) -> None:
    client = client_for(persona)
    assert client.get(LIST).status_code == 404
    assert client.get(NEW).status_code == 404
    assert client.get(f"/organisations/vessels/{world.vessel_a.pk}/").status_code == 404


def test_it_asks_an_officer_of_two_companies_which_one_owns_the_vessel(
    client_for, world: World
) -> None:
    RoleGrant.objects.create(
        user=world.officer_a, role=Role.COMPANY_OFFICER, organisation=world.company_b
    )
    client = client_for("officer_a")
    assert 'name="owning_company"' in client.get(NEW).content.decode()
    response = client.post(NEW, _vessel_data(owning_company=str(world.company_b.pk)))
    assert response.status_code == 302
    assert Vessel.objects.get(registration_number="ZS-A-0002").company == world.company_b
    # Both companies' crews now appear, and still nobody else's.
    html = client.get("/organisations/company/crew/").content.decode()
    assert "王海" in html and "李强" in html


def test_it_refuses_a_company_the_officer_does_not_act_for(client_for, world: World) -> None:
    other = Organisation.objects.create(name="别家渔业", code="other", kind="company")
    RoleGrant.objects.create(
        user=world.officer_a, role=Role.COMPANY_OFFICER, organisation=world.company_b
    )
    response = client_for("officer_a").post(NEW, _vessel_data(owning_company=str(other.pk)))
    assert response.status_code == 200
    assert not Vessel.objects.filter(registration_number="ZS-A-0002").exists()


@pytest.mark.parametrize("number", ["!!!", "x", "---", "ZS A 0003 !"])
def test_it_refuses_a_registration_number_nobody_could_look_up(
    client_for, world: World, number: str
) -> None:
    response = client_for("officer_a").post(NEW, _vessel_data(registration_number=number))
    assert response.status_code == 200
    assert "船舶登记号只能包含字母、数字、汉字" in response.content.decode()
    assert Vessel.objects.count() == 2
    assert not audit_rows("organisations.vessel.create")


@pytest.mark.parametrize(
    "number", ["CN20151870018", "浙岱渔03588", "IMO 9123456", "ZS-A/0003", "ＺＳ－Ａ－０００９"]
)
def test_it_takes_registration_numbers_as_papers_print_them(
    client_for, world: World, number: str
) -> None:
    response = client_for("officer_a").post(NEW, _vessel_data(registration_number=number))
    assert response.status_code == 302
    stored = unicodedata.normalize("NFKC", number)  # full-width typed, plain stored
    assert Vessel.objects.filter(registration_number=stored).exists()


def test_an_organisation_reads_in_the_pages_language_wherever_it_is_shown(world: World) -> None:
    """Form choices and page text print organisations with str(): the English name in English
    (Chinese names stayed in the English pages' dropdowns), the Chinese one otherwise."""
    firm = Organisation.objects.create(
        name="舟海律师事务所", name_en="Zhouhai Law Firm", code="zh-law", kind="law_firm"
    )
    assert str(firm) == "舟海律师事务所"
    with translation.override("en"):
        assert str(firm) == "Zhouhai Law Firm"
        assert str(world.company_a) == world.company_a.name  # no English name: as written
