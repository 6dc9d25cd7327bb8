"""企业招聘 on a phone (issue 13), in Chromium at 390 × 844: a seafarer filters the postings,
opens one, sees which required certificates they hold through the contract, applies with a
certificate ticked, and reads the advertised terms on their application; nothing is wider than
the screen."""

from __future__ import annotations

from typing import Any

from seafarers_home.jobs.models import Application
from tests.browser.conftest import sign_in
from tests.jobs.conftest import hold, publish
from tests.personas import World

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_seafarer_finds_a_posting_and_applies_on_a_phone(
    page: Any, site: str, world: World
) -> None:
    publish(world)
    publish(world, rank="cook", area="北太平洋秋刀鱼渔场")
    certificate = hold(world.seafarer, "fishing_crew", 2000, number="FC-9")
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/jobs/?rank=fisherman")
    assert page.evaluate(OVERFLOW) <= 0
    assert "北太平洋秋刀鱼渔场" not in page.inner_text("main")
    with page.expect_navigation():
        page.locator("main .help-list a").first.click()
    assert "✓ 持有,有效期覆盖合同期" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    page.fill("#id_sea_service_months", "30")
    page.check(f"input[name=certificates][value='{certificate}']")
    with page.expect_navigation():
        page.get_by_role("button", name="提交投递").click()
    assert "投递已提交" in page.inner_text(".messages")
    assert "东南太平洋鱿钓渔场" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    application = Application.objects.get()
    assert application.shared_certificates[0]["number"] == "FC-9"
    assert application.sea_service_months == 30
