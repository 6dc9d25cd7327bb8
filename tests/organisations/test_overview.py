from __future__ import annotations

import re

import pytest

from tests.personas import World

pytestmark = pytest.mark.django_db

URL = "/organisations/"


def _row(html: str, name: str) -> list[str]:
    row = next(r for r in html.split("<tr>") if name in r)
    return re.findall(r"<td[^>]*>(.*?)</td>", row)


@pytest.mark.parametrize("persona", ["union_staff", "admin"])
def test_it_shows_the_tree_with_counts(client_for, world: World, persona: str) -> None:
    html = client_for(persona).get(URL).content.decode()
    assert _row(html, "平太荣远洋渔业</a>")[2:] == ["1", "1"]
    assert _row(html, "东海航运")[2:] == ["1", "1"]
    # Children sit under their parents.
    assert html.index("舟山市总工会") < html.index("舟山市海员产业工会")
    assert html.index("平太荣远洋渔业</a>") < html.index("平太荣远洋渔业工会")


@pytest.mark.parametrize("persona", ["officer_a", "seafarer", "clinician", "outsider"])
def test_it_is_only_for_union_staff(client_for, persona: str) -> None:
    assert client_for(persona).get(URL).status_code == 404


def test_it_uses_english_names_in_english(client_for, world: World) -> None:
    world.company_b.name_en = "East Sea Shipping"
    world.company_b.save()
    client = client_for("union_staff")
    client.post("/i18n/setlang/", {"language": "en", "next": URL})
    html = client.get(URL).content.decode()
    assert "East Sea Shipping" in html
    assert "Organisations overview" in html
    assert "Company union" in html  # a translated kind
