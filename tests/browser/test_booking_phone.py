"""Booking on a phone (issue 16 item 13), in Chromium at 390 × 844: the first screen holds the
next free times, a day from the picker shows that day's times, and nothing is wider than the
screen, for a seafarer whose zone label is long (太平洋 · 斐济 (UTC+12), Beijing beside)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from seafarers_home.consultations.models import Slot
from tests.browser.conftest import MOBILE_VIEWPORT, sign_in
from tests.personas import World, give_health_consent

BEIJING = ZoneInfo("Asia/Shanghai")
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def slots_for_two_weeks(world: World) -> None:
    today = timezone.now().astimezone(BEIJING).date()
    for days in range(1, 14):
        for hour in range(8, 16):
            for minute in (0, 30):
                start = datetime.combine(today + timedelta(days=days), time(hour, minute), BEIJING)
                Slot.objects.create(
                    department=world.clinic,
                    clinician=world.clinician,
                    starts_at=start,
                    ends_at=start + timedelta(minutes=30),
                    mode="remote",
                )


def test_the_first_screen_holds_the_next_free_times_without_overflow(
    page: Any, site: str, world: World
) -> None:
    world.seafarer.time_zone = "Pacific/Fiji"
    world.seafarer.save(update_fields=["time_zone"])
    give_health_consent(world.seafarer)
    slots_for_two_weeks(world)
    sign_in(page, site, world.seafarer)

    page.goto(f"{site}/consultations/book/")
    assert page.evaluate(OVERFLOW) <= 0
    times = page.locator(".next-free a")
    assert times.count() == 6
    # The soonest three free times are on the first screen, without scrolling.
    for n in range(3):
        box = times.nth(n).bounding_box()
        assert box is not None and box["y"] + box["height"] <= MOBILE_VIEWPORT["height"], n
    tomorrow = (timezone.now().astimezone(BEIJING) + timedelta(days=1)).date()
    assert times.first.inner_text() == f"{tomorrow.isoformat()} 12:00–12:30"  # 08:00 in Beijing
    assert page.locator(".slots a").count() == 0  # not two weeks of links

    # A day from the picker: that day's sixteen times, still no overflow.
    days = page.locator(".day-picker a")
    assert days.count() == 13
    with page.expect_navigation():
        days.nth(2).click()
    assert page.locator(".slots a").count() == 16
    assert page.locator('.day-picker a[aria-current="true"]').count() == 1
    assert page.evaluate(OVERFLOW) <= 0
