"""The estimate in Chromium, against what the server then counts for the request: the 心理CT
page (no JavaScript on it) shows the size of the answers it will send, and the question form
its size before the seafarer's own words, with what each 100 characters add."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from seafarers_home.inquiries.models import Question
from seafarers_home.screening.models import Battery, Response
from seafarers_home.sea_frames.actions_costs import do_save_ship_link
from seafarers_home.sea_frames.costs import MEGABYTE
from seafarers_home.sea_frames.models import MonthlyUsage
from tests.browser.conftest import sign_in
from tests.personas import World, give_health_consent

PRICE = Decimal("60")  # yuan per MB, the union's Inmarsat default
SHOWN = re.compile(r"约 ([\d.]+) (KB|字节),约 ¥([\d.]+)")


def _received(world: World) -> int:
    rows = MonthlyUsage.objects.filter(seafarer=world.seafarer, channel="web")
    return sum(rows.values_list("bytes", flat=True))


def _shown(page: Any) -> tuple[float, float, str]:
    text = page.locator("[data-send-cost] output").inner_text()
    match = SHOWN.match(text)
    assert match, text
    size = float(match.group(1)) * (1024 if match.group(2) == "KB" else 1)
    return size, float(match.group(3)), text


def _close(shown: float, real: int) -> bool:
    return abs(shown - real) <= max(60, real * 0.03)  # "约 1.2 KB" is rounded to 102 bytes


def test_a_pulse_page_shows_the_size_of_what_it_sends(page: Any, site: str, world: World) -> None:
    Battery.objects.get_or_create(
        code="at-sea-pulse",
        defaults={"name": "海上心理简测", "instrument_codes": ["phq4", "who5"]},
    )
    give_health_consent(world.seafarer)
    do_save_ship_link(world.seafarer, kind="inmarsat")
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/screening/")
    start = page.locator("form", has=page.locator("input[name=battery][value=at-sea-pulse]"))
    with page.expect_navigation():
        start.locator("button").click()
    assert page.locator("script").count() == 0  # the page stays without JavaScript
    shown, yuan, _text = _shown(page)
    for fieldset in page.locator("main form fieldset").all():
        fieldset.locator("input[type=radio]").first.check()
    before = _received(world)
    with page.expect_navigation():
        page.locator("main form.stack button").click()
    real = _received(world) - before
    assert _close(shown, real), (shown, real)
    assert abs(yuan - real / MEGABYTE * float(PRICE)) <= 0.011
    assert Response.objects.filter(seafarer=world.seafarer).count() == 1


def test_the_question_form_shows_its_size_before_the_words(
    page: Any, site: str, world: World
) -> None:
    give_health_consent(world.seafarer)
    do_save_ship_link(world.seafarer, kind="inmarsat")
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/inquiries/ask/")
    shown, _yuan, text = _shown(page)
    assert "每 100 字另加约 300 字节" in text
    page.select_option("#category", index=1)
    title, body = "晕船,吃不下饭", "出海第三周,一直晕船,吃什么吐什么。" * 10
    page.fill("#title", title)
    page.fill("#body", body)
    page.locator("input[name=safety_answer][value=no]").check()
    category = page.locator("#category").input_value()
    before = _received(world)
    with page.expect_request(lambda r: r.method == "POST" and "/inquiries/ask/" in r.url):
        page.locator("main form.stack button").last.click()
    page.wait_for_url(re.compile(r"/inquiries/\d+/"))
    # The page counted empty words, no category and the longest answer ("yes").
    typed = len((title + body).encode()) + len(category) + len("no") - len("yes")
    real = _received(world) - before
    assert _close(shown, real - typed), (shown, real, typed)
    assert Question.objects.filter(seafarer=world.seafarer).count() == 1
