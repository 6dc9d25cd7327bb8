"""Navigation (issue 16 item 7): a way back to 健康咨询 and the start page from every inner
page, and the voyage, green-channel and knowledge pages as first-class entries of the health
page."""

from __future__ import annotations

import re

import pytest

from tests.personas import World, give_health_consent

pytestmark = pytest.mark.django_db


def _header(html: str) -> str:
    return html.split('<header class="top">')[1].split("</header>")[0]


def test_the_health_page_offers_voyage_care_green_channel_and_knowledge_as_tiles(client_for):
    html = client_for("seafarer").get("/health/").content.decode()
    care = html.split('id="voyage-care"')[1].split("</ul>")[0]
    tiles = re.findall(r'<a class="tile[^"]*" href="([^"]+)"', care)
    assert tiles == ["/voyages/mine/", "/voyages/green-channel/", "/inquiries/knowledge/"]


@pytest.mark.parametrize(
    "path",
    [
        "/voyages/mine/",
        "/voyages/green-channel/",
        "/inquiries/knowledge/",
        "/organisations/me/",
        "/organisations/me/vessel/",
        "/notifications/",
        "/consent/",
        "/screening/",
        "/consultations/book/",
        "/consultations/mine/",
    ],
)
def test_every_inner_page_leads_back_to_health_and_the_start_page(
    client_for, world: World, path: str
):
    give_health_consent(world.seafarer)
    response = client_for("seafarer").get(path)
    assert response.status_code == 200, path
    header = _header(response.content.decode())
    assert 'href="/health/"' in header and "健康咨询" in header
    assert 'class="brand" href="/"' in header


def test_an_anonymous_visitor_finds_health_too(client):
    header = _header(client.get("/help/").content.decode())
    assert 'href="/health/"' in header
