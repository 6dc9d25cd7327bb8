from __future__ import annotations

import pytest
from django.test import Client

from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentDocument
from seafarers_home.web.scenes import SCENES
from tests.personas import World

pytestmark = pytest.mark.django_db

SCENE_TITLES = ("健康咨询", "维权保障", "海员活动", "企业招聘", "培训报名")


def test_it_shows_five_scene_tiles_in_chinese_by_default(client: Client) -> None:
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in html
    for title in SCENE_TITLES:
        assert title in html
    assert html.count('<a class="tile') == 5
    assert 'href="/health/"' in html
    # The scenes that have not landed say so.
    assert html.count("即将上线") == sum(1 for scene in SCENES if scene.url_name is None)


def test_it_puts_the_crisis_lines_one_tap_away(client: Client, settings) -> None:
    html = client.get("/").content.decode()
    assert f'href="tel:{settings.PLATFORM_HOTLINE_NUMBER}"' in html
    assert 'href="tel:12356"' in html
    assert 'href="/help/"' in html


def test_it_switches_the_start_page_to_english(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Health consultation" in html
    assert "Rights protection" in html
    assert ("Coming soon" in html) == any(scene.url_name is None for scene in SCENES)
    assert "健康咨询" not in html
    assert 'href="tel:12356"' in html


def test_it_lists_every_crisis_number_on_the_help_page(client: Client, settings) -> None:
    html = client.get("/help/").content.decode()
    assert f'href="tel:{settings.PLATFORM_HOTLINE_NUMBER}"' in html
    assert 'href="tel:12356"' in html
    assert 'href="tel:120"' in html
    assert "全国心理援助热线" in html


def test_it_lists_four_services_on_the_health_page(client: Client) -> None:
    html = client.get("/health/").content.decode()
    for slug, title in (
        ("screening", "心理CT"),
        ("consultations", "远程咨询"),
        ("hotline", "心理热线"),
        ("inquiries", "健康在线咨询"),
    ):
        assert f'href="/health/{slug}/"' in html
        assert title in html


def test_it_says_the_other_scenes_are_coming(client: Client) -> None:
    # A scene not yet landed has a page saying so; a live one (every scene today) has none.
    for scene in SCENES:
        response = client.get(f"/services/{scene.slug}/")
        if scene.url_name is None:
            assert response.status_code == 200
            assert "即将上线" in response.content.decode()
        else:
            assert response.status_code == 404, scene.slug
    assert client.get("/services/screening/").status_code == 404
    assert client.get("/services/screening/").status_code == 404


def test_it_sends_anonymous_visitors_of_a_health_service_to_login(client: Client) -> None:
    response = client.get("/health/screening/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_asks_for_health_consent_before_a_health_service(
    client_for, world: World, health_consent_document: ConsentDocument
) -> None:
    client = client_for("seafarer")
    refused = client.get("/health/screening/")
    assert refused.status_code == 403
    assert "/consent/health_data/" in refused.content.decode()

    do_accept_consent(world.seafarer, health_consent_document)
    response = client.get("/health/screening/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "心理CT" in html
    assert 'href="/screening/"' in html  # the service has landed: it starts from here
    assert "即将上线" not in html
    hotline = client.get("/health/hotline/").content.decode()
    assert 'href="/hotline/"' in hotline and "即将上线" not in hotline
    assert client.get("/health/no-such-service/").status_code == 404


def test_it_renders_a_chinese_404_page(client: Client, settings) -> None:
    assert settings.DEBUG is False
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in html
    assert 'href="tel:12356"' in html


@pytest.mark.parametrize("persona", ["clinician", "counsellor", "union_staff", "officer_a"])
def test_staff_reading_a_health_service_are_not_asked_to_consent_as_patients(
    client_for, persona: str, health_consent_document: ConsentDocument
) -> None:
    response = client_for(persona).get("/health/screening/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/consent/health_data/" not in html
    assert 'href="/workspace/"' in html and 'href="/screening/"' not in html


def test_it_links_a_seafarer_to_their_own_records_and_only_to_pages_they_may_open(
    world: World, client_for
) -> None:
    html = client_for("seafarer").get("/").content.decode()
    assert "我的记录" in html
    for url in ("/certificates/", "/courses/mine/", "/rights/"):
        assert f'href="{url}"' in html
        assert client_for("seafarer").get(url).status_code == 200
    # A fisherman is not a master or officer, and no incident concerns him.
    assert 'href="/incidents/report/"' not in html
    assert 'href="/incidents/mine/"' not in html
    # Staff and visitors get the tiles only.
    assert "我的记录" not in client_for("union_staff").get("/").content.decode()
    assert "我的记录" not in Client().get("/").content.decode()


def test_it_shows_staff_only_the_scenes_with_pages_for_them(client_for, world: World) -> None:
    # A clinician has no activities page (the list is the seafarers', the organisers manage
    # their own): the tile would lead to a 404. Union staff organise activities.
    clinician_home = client_for("clinician").get("/").content.decode()
    assert 'href="/activities/"' not in clinician_home
    assert 'href="/rights/"' in clinician_home
    assert 'href="/activities/"' in client_for("union_staff").get("/").content.decode()
    assert 'href="/activities/"' in client_for("seafarer").get("/").content.decode()


def test_it_links_the_seafarers_own_pages_only_for_seafarers(client_for, world: World) -> None:
    # The voyage-care tiles, "my applications" and "ask a doctor" are a seafarer's own pages.
    for path, own_link in (
        ("/health/", 'href="/voyages/mine/"'),
        ("/courses/", 'href="/courses/mine/"'),
        ("/inquiries/knowledge/", 'href="/inquiries/ask/"'),
    ):
        assert own_link not in client_for("clinician").get(path).content.decode(), path
        assert own_link in client_for("seafarer").get(path).content.decode(), path
