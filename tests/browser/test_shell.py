from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

SCENES = ("健康咨询", "维权保障", "海员活动", "企业招聘", "培训报名")


def crisis_links(page: Any) -> list[str]:
    return page.locator(".crisis a[href^='tel:']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )


def test_it_shows_the_five_scenes_in_chinese(page: Any, site: str) -> None:
    page.goto(site + "/")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    tiles = page.locator("ul.tiles a.tile")
    assert tiles.count() == 5
    for scene in SCENES:
        assert tiles.filter(has_text=scene).count() == 1, scene
    # Every scene is live: none says it is coming, and each tile leads to its own page.
    assert tiles.filter(has_text="即将上线").count() == 0
    with page.expect_navigation():
        tiles.filter(has_text="健康咨询").click()
    assert page.url == site + "/health/"
    page.go_back()
    with page.expect_navigation():
        tiles.filter(has_text="维权保障").click()
    # The scene is a signed-in service: a visitor is asked to sign in and then sent there.
    assert page.url == site + "/accounts/login/?next=/rights/"


def test_the_crisis_bar_is_on_every_page(page: Any, site: str) -> None:
    expected = [
        f"tel:{settings.PLATFORM_HOTLINE_NUMBER}",
        f"tel:{settings.NATIONAL_PSY_HOTLINE_NUMBER}",
    ]
    assert "tel:12356" in expected
    for path in ("/", "/health/", "/rights/learn/", "/help/", "/accounts/login/"):
        page.goto(site + path)
        links = crisis_links(page)
        assert all(link in links for link in expected), (path, links)
        # One tap: the bar comes first and is on screen without scrolling.
        box = page.locator(".crisis").bounding_box()
        assert box is not None and box["y"] < 200, path


def test_it_switches_to_english_and_back_without_javascript(
    page_without_js: Any, site: str
) -> None:
    page = page_without_js
    page.goto(site + "/health/")
    page.select_option("select[name=language]", "en")
    with page.expect_navigation():
        page.locator("footer form button").click()
    assert page.url == site + "/health/"
    assert page.locator("html").get_attribute("lang") == "en"
    assert "心理CT" not in page.locator("main").inner_text()  # translated, not Chinese
    page.goto(site + "/")  # the choice sticks (cookie)
    assert page.locator("html").get_attribute("lang") == "en"
    page.select_option("select[name=language]", "zh-hans")
    with page.expect_navigation():
        page.locator("footer form button").click()
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.locator("ul.tiles").filter(has_text="健康咨询").count() == 1
