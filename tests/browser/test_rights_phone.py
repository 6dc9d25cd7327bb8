"""维权保障 on a phone (issue 11), in Chromium at 390 × 844: a seafarer reports unpaid wages
through the category's own form, and the union's rights officer claims the case and answers;
the seafarer reads the answer. Nothing is wider than the screen."""

from __future__ import annotations

from typing import Any

from seafarers_home.accounts.models import Role
from seafarers_home.rights.models import RightsCase
from tests.browser.conftest import _context, sign_in
from tests.browser.csp import watch as watch_csp
from tests.personas import World, _user

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_seafarer_reports_and_a_legal_worker_answers(
    browser: Any, page: Any, site: str, world: World
) -> None:
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/rights/")
    with page.expect_navigation():
        page.get_by_role("link", name="报告问题").click()
    with page.expect_navigation():
        page.get_by_role("link", name="欠薪").click()
    assert page.evaluate(OVERFLOW) <= 0
    page.fill("#summary", "公司拖欠三个月工资")
    page.fill("#f_employer", "东海远洋船务有限公司")
    page.fill("#f_imo", "9074729")
    page.fill("#f_known_date", "2026-03-01")
    page.fill("#f_months_owed", "3")
    page.fill("#f_amount_owed", "36000")
    page.fill("#description", "从去年十二月开始公司就没有发工资,船长说等靠港再说。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交案件").click()
    assert "案件已提交" in page.inner_text(".messages")
    assert page.evaluate(OVERFLOW) <= 0
    case = RightsCase.objects.get()

    officer = _user("13800000019", "何明", (Role.LEGAL_WORKER, world.union))
    desk_context = _context(browser)
    csp = watch_csp(desk_context)
    desk = desk_context.new_page()
    sign_in(desk, site, officer)
    desk.goto(f"{site}/rights/work/")
    with desk.expect_navigation():
        desk.get_by_role("link", name="公司拖欠三个月工资").click()
    assert "2027-03-01" in desk.inner_text("main")  # the arbitration limit
    with desk.expect_navigation():
        desk.get_by_role("button", name="认领这个案件").click()
    desk.select_option("#kind", "message")
    desk.fill("#body", "已收到,请把合同和工资条拍照上传。")
    with desk.expect_navigation():
        desk.get_by_role("button", name="保存").click()
    assert "消息已发送给海员" in desk.inner_text(".messages")
    desk_context.close()
    csp.assert_none()

    page.goto(f"{site}/rights/{case.pk}/")
    assert "已收到,请把合同和工资条拍照上传。" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
