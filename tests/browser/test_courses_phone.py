"""培训报名 on a phone (issue 12), in Chromium at 390 × 844: a seafarer holding the required
certificate finds a session, applies with a note, and sees the application waiting for review;
the training officer, on a phone too, signs in with their TOTP code and approves it; the
seafarer then reads that they have a seat. Nothing is wider than the screen."""

from __future__ import annotations

from typing import Any

from seafarers_home.courses.models import Application
from tests.browser.conftest import _context, sign_in
from tests.browser.csp import watch as watch_csp
from tests.courses.conftest import hold, publish
from tests.personas import World

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_seafarer_applies_on_a_phone_and_the_training_officer_approves(
    browser: Any, page: Any, site: str, world: World
) -> None:
    session = publish(world, seats=2, prerequisites=("basic_safety",))
    hold(world.seafarer, "basic_safety", expires_in=700, number="BST-2026")

    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/courses/")
    assert page.evaluate(OVERFLOW) <= 0
    with page.expect_navigation():
        page.get_by_role("link", name="船友危机心理急救").click()
    assert "✓ 已具备" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    page.fill("#note", "现任大副,希望参加。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交报名").click()
    assert "报名已提交" in page.inner_text(".messages")
    assert "待审核" in page.inner_text(f"#a{Application.objects.get().pk}")
    assert page.evaluate(OVERFLOW) <= 0

    office_context = _context(browser)
    csp = watch_csp(office_context)
    office = office_context.new_page()
    sign_in(office, site, world.training_officer)
    office.goto(f"{site}/courses/manage/sessions/{session.pk}/")
    applicant = office.locator(f"#a{Application.objects.get().pk}")
    assert "现任大副,希望参加。" in applicant.inner_text()
    assert "BST-2026" in applicant.inner_text()  # the certificate shared when applying
    assert office.evaluate(OVERFLOW) <= 0
    with office.expect_navigation():
        applicant.get_by_role("button", name="录取", exact=True).click()
    assert "已保存决定" in office.inner_text(".messages")
    office_context.close()
    csp.assert_none()

    assert Application.objects.get().status == Application.Status.APPROVED
    page.goto(f"{site}/courses/mine/")
    assert "已录取" in page.inner_text(f"#a{Application.objects.get().pk}")
