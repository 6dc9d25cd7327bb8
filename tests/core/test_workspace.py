from __future__ import annotations

import pytest

from tests.personas import World

pytestmark = pytest.mark.django_db


def _links(html: str) -> set[str]:
    import re

    return set(re.findall(r'href="([^"]+)"', html))


def test_it_gives_a_company_officer_crew_and_vessels(client_for) -> None:
    response = client_for("officer_a").get("/workspace/")
    links = _links(response.content.decode())
    assert response.status_code == 200
    assert {"/organisations/company/crew/", "/organisations/company/vessels/"} <= links
    assert "/admin/" not in links
    assert "/audit/" not in links
    assert "/organisations/" not in links


def test_it_gives_union_staff_the_overview_and_all_crews(client_for) -> None:
    response = client_for("union_staff").get("/workspace/")
    links = _links(response.content.decode())
    assert {"/organisations/", "/organisations/company/crew/"} <= links
    assert "/admin/" not in links
    assert "/organisations/company/vessels/new/" not in links


def test_it_gives_an_administrator_the_admin_and_the_audit_log(client_for) -> None:
    links = _links(client_for("admin").get("/workspace/").content.decode())
    assert {"/admin/", "/audit/"} <= links


@pytest.mark.parametrize(
    ("persona", "tools"),
    [
        ("clinician", {"/alerts/", "/inquiries/staff/", "/consultations/urgent/"}),
        ("counsellor", {"/hotline/console/", "/hotline/roster/", "/consultations/urgent/"}),
    ],
)
def test_it_gives_clinical_staff_their_tools(client_for, persona: str, tools: set[str]) -> None:
    html = client_for(persona).get("/workspace/").content.decode()
    assert f'id="role-{persona}"' in html
    assert tools <= _links(html)
    assert "/organisations/company/crew/" not in _links(html)


def test_it_links_only_to_pages_that_answer(client_for) -> None:
    for persona in ("officer_a", "union_staff", "admin"):
        client = client_for(persona)
        html = client.get("/workspace/").content.decode()
        main = html.split('<main id="main">')[1].split("</main>")[0]
        for link in _links(main):
            assert client.get(link).status_code == 200, (persona, link)


@pytest.mark.parametrize("persona", ["seafarer", "outsider"])
def test_it_refuses_the_workspace_to_non_staff(client_for, persona: str) -> None:
    assert client_for(persona).get("/workspace/").status_code == 404


def test_it_shows_a_person_with_two_roles_both_sections(client_for, world: World) -> None:
    from seafarers_home.accounts.models import Role, RoleGrant

    RoleGrant.objects.create(
        user=world.clinician, role=Role.COUNSELLOR, organisation=world.hospital
    )
    html = client_for("clinician").get("/workspace/").content.decode()
    assert 'id="role-clinician"' in html
    assert 'id="role-counsellor"' in html


def test_it_shows_a_person_with_two_roles_each_link_once(client_for, world: World) -> None:
    import re

    from seafarers_home.accounts.models import Role, RoleGrant

    # The demo's clinician takes hotline shifts: roster and urgent consultations are tools
    # of both roles.
    RoleGrant.objects.create(
        user=world.clinician, role=Role.COUNSELLOR, organisation=world.hospital
    )
    html = client_for("clinician").get("/workspace/").content.decode()
    main = html.split('<main id="main">')[1].split("</main>")[0]
    links = re.findall(r'href="([^"]+)"', main)
    assert len(links) == len(set(links)), links
    assert {"/hotline/roster/", "/consultations/urgent/", "/hotline/console/"} <= set(links)
