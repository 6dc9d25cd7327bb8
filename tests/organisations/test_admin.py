from __future__ import annotations

import pytest

from seafarers_home.audit.models import AuditEvent
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_it_shows_the_organisation_admin_in_chinese(client_for, world: World) -> None:
    client = client_for("admin")
    index = client.get("/admin/").content.decode()
    assert "海员之家 · 后台管理" in index
    assert "机构" in index and "船舶" in index and "海员档案" in index
    response = client.get("/admin/organisations/organisation/", {"kind__exact": "company"})
    html = response.content.decode()
    results = html.split('id="result_list"')[1].split("</table>")[0]
    assert response.status_code == 200
    assert "选择 机构 来修改" in html  # Django's own admin strings are Chinese too
    assert "东海航运" in results
    assert "舟山市总工会" not in results
    assert (
        "平太荣远洋渔业 › 平太荣远洋渔业工会"
        in client.get("/admin/organisations/organisation/").content.decode()
    )


def test_it_finds_a_seafarer_by_book_number(client_for, world: World) -> None:
    client = client_for("admin")
    html = client.get("/admin/organisations/seafarerprofile/", {"q": "SB0000001"}).content
    html = html.decode()
    assert "王海" in html
    assert "李强" not in html


def test_it_audits_changes_made_in_the_admin(client_for, world: World) -> None:
    client = client_for("admin")
    url = f"/admin/organisations/vessel/{world.vessel_b.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "东海 9",
            "registration_number": "ZS-B-0008",
            "kind": "coastal_cargo",
            "company": world.company_b.pk,
            "link_at_sea": "coastal_4g",
        },
    )
    assert response.status_code == 302
    world.vessel_b.refresh_from_db()
    assert world.vessel_b.name == "东海 9"
    row = AuditEvent.objects.get(action="admin.change")
    assert row.actor_id == world.admin.pk
    assert row.detail == {"fields": ["name"]}
