"""A new seafarer's way in (issue 16 items 5–7), in Chromium at 390 × 844: registration with
the SMS code, the seafarer profile, the vessel found by search (company pending), the health
page, a pre-departure 心理CT and a booked remote consultation — and no page on the way is
wider than the phone."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.consent import documents_v1
from seafarers_home.consent.models import ConsentDocument
from seafarers_home.consultations.models import Appointment, Slot
from seafarers_home.organisations.models import SeafarerProfile
from seafarers_home.screening.models import Battery, Screening
from tests.accounts.conftest import last_code
from tests.personas import World

BEIJING = ZoneInfo("Asia/Shanghai")
PHONE = "13700009999"
PASSWORD = "Haiyuan-New-2026!"


class Walk:
    """The pages the seafarer saw, each checked for horizontal overflow."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.seen: list[str] = []

    def check(self) -> None:
        self.page.wait_for_load_state()
        width = self.page.evaluate("document.documentElement.scrollWidth")
        path = self.page.url.split("//", 1)[1].split("/", 1)[1]
        self.seen.append("/" + path)
        assert width <= 390, f"/{path} is {width} px wide"

    def click(self, locator: Any) -> None:
        with self.page.expect_navigation():
            locator.click()
        self.check()


def _remote_slots(world: World) -> None:
    tomorrow = timezone.now().astimezone(BEIJING).date() + timedelta(days=1)
    for hour in (9, 10, 14):
        start = datetime.combine(tomorrow, time(hour), BEIJING)
        Slot.objects.create(
            department=world.clinic,
            clinician=world.clinician,
            starts_at=start,
            ends_at=start + timedelta(minutes=30),
            mode="remote",
        )


def test_a_new_seafarer_goes_from_registration_to_a_screening_and_a_booking(
    page: Any, site: str, world: World, outbox: list[tuple[str, str]]
) -> None:
    # The documents a person agrees to and the pre-departure battery, as the data migrations
    # install them (a transactional test run before this one may have flushed them).
    documents_v1.install(ConsentDocument, timezone.now() - timedelta(minutes=1))
    Battery.objects.get_or_create(
        code="pre-departure",
        defaults={
            "name": "出海前心理CT",
            "instrument_codes": ["phq9", "gad7", "who5", "auditc"],
            "is_pre_departure_default": True,
        },
    )
    _remote_slots(world)
    walk = Walk(page)

    # Registration: the number, then the code from the SMS.
    page.goto(f"{site}/accounts/register/")
    walk.check()
    page.fill("input[name=phone]", PHONE)
    walk.click(page.locator("main form.stack button[type=submit]"))
    page.fill("input[name=code]", last_code(outbox, PHONE))
    page.fill("input[name=display_name]", "小周")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password_again]", PASSWORD)
    page.check("input[name=accept_terms]")
    page.check("input[name=accept_privacy]")
    walk.click(page.locator("main form.stack button[type=submit]"))

    # Onboarding: the profile first, then the vessel by search.
    assert "/organisations/me/" in page.url, page.locator("main").inner_text()[:600]
    page.fill("input[name=real_name]", "周新海")
    page.select_option("select[name=rank]", "fisherman")
    walk.click(page.locator("main form.stack button").last)
    assert "/organisations/me/vessel/" in page.url, page.url
    page.fill("input[name=q]", "平太荣")
    walk.click(page.locator("form[role=search] button"))
    vessel = page.locator("form.pick", has_text="ZS-A-0001")
    walk.click(vessel.locator("button"))
    profile = SeafarerProfile.objects.get(user__phone=PHONE)
    assert profile.pending_company == world.company_a and profile.company is None
    assert profile.current_vessel == world.vessel_a

    # Back on the health page: the pending membership is shown on the profile.
    assert page.url.endswith("/health/"), page.url
    page.goto(f"{site}/organisations/me/")
    walk.check()
    assert "待确认" in page.locator("main").inner_text()
    page.goto(f"{site}/health/")
    walk.check()

    # A pre-departure 心理CT: the separate health-data consent, then one page per instrument.
    page.goto(f"{site}/screening/")
    walk.check()
    assert "单独同意" in page.locator("main").inner_text()
    walk.click(page.locator("main a", has_text="阅读并决定是否同意"))
    page.check("input[name=agree]")
    walk.click(page.locator("main form.stack button"))
    if not page.url.endswith("/screening/"):
        page.goto(f"{site}/screening/")
        walk.check()
    walk.click(
        page.locator("form", has=page.locator("input[name=battery][value=pre-departure]")).locator(
            "button"
        )
    )
    for _step in range(10):
        # Each page's POST is answered with the next page, the last with the result.
        if not page.locator("main form fieldset").count():
            break
        for fieldset in page.locator("main form fieldset").all():
            fieldset.locator("input[type=radio]").first.check()
        walk.click(page.locator("main form.stack button"))
    assert page.locator("main h1").first.inner_text() == "心理CT结果"
    user = User.objects.get(phone=PHONE)
    screening = Screening.objects.get(seafarer=user)
    assert screening.status == Screening.Status.COMPLETED
    assert screening.battery.code == "pre-departure"

    # A remote consultation booked from the next free times.
    page.goto(f"{site}/consultations/book/")
    walk.check()
    walk.click(page.locator(".next-free a").first)
    walk.click(page.locator("main form.stack button"))
    appointment = Appointment.objects.get(seafarer=user)
    assert appointment.slot.mode == "remote"

    assert len(walk.seen) >= 12, walk.seen
