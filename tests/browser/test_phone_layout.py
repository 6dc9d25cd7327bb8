"""What a seafarer holds in one hand: at 390 × 844 the crisis bar and header leave the page
its room, and the safe-home family link fits the screen and copies with one press."""

from __future__ import annotations

from typing import Any

import pytest

from tests.personas import World, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def world_live(site: str) -> World:
    return build_world()


def test_the_crisis_bar_and_header_leave_the_phone_its_screen(
    signed_in: Any, site: str, world_live: World
) -> None:
    page = signed_in(world_live.seafarer)
    page.goto(site + "/")
    bottom = page.evaluate("document.querySelector('header.top').getBoundingClientRect().bottom")
    assert bottom <= 100, bottom
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_targets_can_be_pressed(page)


def test_in_english_the_header_links_flow_under_the_name_and_stay_pressable(
    signed_in: Any, site: str, world_live: World
) -> None:
    page = signed_in(world_live.seafarer)
    page.goto(site + "/")
    page.select_option("#lang", "en")
    with page.expect_navigation():
        page.locator("footer form button").click()
    assert page.locator("header.top nav").get_by_text("Sign out").is_visible()
    # The links wrap in rows under the name (beside it they were a column four lines high).
    bottom = page.evaluate("document.querySelector('header.top').getBoundingClientRect().bottom")
    assert bottom <= 150, bottom
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_targets_can_be_pressed(page)


def test_an_error_pages_crisis_bar_can_be_pressed_too(page: Any, site: str) -> None:
    """The 404 and the busy 503 draw their own small page; its crisis bar is the same."""
    response = page.goto(site + "/no-such-page/")
    assert response.status == 404
    assert page.locator(".crisis a").count() == 3
    assert_targets_can_be_pressed(page, minimum=3)


def test_the_help_pages_numbers_can_be_pressed(page: Any, site: str) -> None:
    page.goto(site + "/help/")
    calls = page.locator(".crisis-box a.call")
    assert calls.count() >= 3
    heights = [box["height"] for box in (calls.nth(n).bounding_box() for n in range(calls.count()))]
    assert min(heights) >= 24, heights


def test_the_privacy_pages_retention_table_reads_as_cards_on_a_phone(page: Any, site: str) -> None:
    """Five columns squeezed to 390 px were one to three characters a line."""
    page.goto(site + "/consent/privacy/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    cell = page.locator("table.stacked tbody td").first
    assert cell.bounding_box()["width"] >= 300
    assert (
        page.evaluate(
            "getComputedStyle(document.querySelector('table.stacked td'), '::before').content"
        )
        == '"内容"'
    )


# WCAG 2.2, 2.5.8: a target at least 24 CSS px each way. The crisis bar's are the ones a person
# in trouble reaches for first.
TARGETS = ".crisis a, .crisis button, header.top a, header.top button, footer a"


def assert_targets_can_be_pressed(page: Any, minimum: int = 8) -> None:
    sizes = page.evaluate(
        f"[...document.querySelectorAll({TARGETS!r})].map(e => {{"
        " const r = e.getBoundingClientRect(); return [e.textContent.trim(), r.width, r.height]})"
    )
    assert len(sizes) >= minimum, sizes  # the bar's three links and its button, the header's
    small = [size for size in sizes if size[1] < 24 or size[2] < 24]
    assert not small, small


def test_the_family_link_fits_the_phone_and_copies(
    signed_in: Any, site: str, world_live: World
) -> None:
    page = signed_in(world_live.seafarer)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page.goto(site + "/voyages/care/safe-home/")
    with page.expect_navigation():
        page.get_by_role("button", name="生成家属链接").click()
    field = page.locator("input.share-link").first
    link = field.input_value()
    assert "/voyages/family/" in link
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    copy = page.get_by_role("button", name="复制链接")
    copy.click()
    page.get_by_role("button", name="已复制").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == link


def test_long_words_and_links_wrap_instead_of_widening_the_page(
    page: Any, site: str, world_live: World
) -> None:
    """What people type (a pasted link, a long Latin word) is echoed back on pages; it wraps."""
    word = "https://example.com/" + "seafarer" * 10
    page.goto(f"{site}/inquiries/knowledge/?q={word}")
    assert word[:20] in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
