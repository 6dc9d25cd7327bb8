"""海员活动 on a phone (issue 12), in Chromium at 390 × 844: a seafarer signs up, the page
shows the check-in QR code and its code without anything wider than the screen; at the door
the union's staff type the code in (the camera is not there in a headless browser) and the
seafarer is checked in once."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from seafarers_home.activities.actions.publishing import ActivityDetails, do_publish_activity
from seafarers_home.activities.models import SignUp
from tests.browser.conftest import _context, sign_in
from tests.browser.csp import watch as watch_csp
from tests.personas import World

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_sign_up_on_a_phone_and_check_in_with_the_typed_code(
    browser: Any, page: Any, site: str, world: World
) -> None:
    start = timezone.now() + datetime.timedelta(days=5)
    activity, _ = do_publish_activity(
        world.union_staff,
        world.union,
        ActivityDetails(
            title="心理团建:远洋归来",
            description="与医院医生一起的船员心理团建。",
            kind="wellbeing",
            online=False,
            place="海员之家二楼",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            signup_deadline=start - datetime.timedelta(days=1),
            capacity=10,
            audience="all",
            company=None,
            max_guests=0,
        ),
    )
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/activities/")
    with page.expect_navigation():
        page.get_by_role("link", name="心理团建:远洋归来").click()
    with page.expect_navigation():
        page.get_by_role("button", name="报名").click()
    assert "报名成功。" in page.inner_text(".messages")
    assert page.locator(".qr svg").is_visible()
    assert page.evaluate(OVERFLOW) <= 0
    code = page.inner_text("#checkin-code")
    assert code == SignUp.objects.get(activity=activity).code

    door_context = _context(browser)
    csp = watch_csp(door_context)
    door = door_context.new_page()
    sign_in(door, site, world.union_staff)
    door.goto(f"{site}/activities/manage/{activity.pk}/check-in/")
    assert door.evaluate(OVERFLOW) <= 0
    door.fill("#code", code.lower())
    with door.expect_navigation():
        door.get_by_role("button", name="签到").click()
    assert "王海 已签到" in door.inner_text("#check-in-result")
    door.fill("#code", code)
    with door.expect_navigation():
        door.get_by_role("button", name="签到").click()
    assert "这个签到码已经用过了。" in door.inner_text("#check-in-result")
    door_context.close()
    csp.assert_none()
