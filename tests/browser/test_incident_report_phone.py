"""A crewmate in crisis on a phone (issue 15), in Chromium at 390 × 844: the master picks the
crewmate, writes what he sees and how to reach the ship, sends the report, and gets the
on-board guide at once, nothing wider than the screen."""

from __future__ import annotations

from typing import Any

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.incidents.models import CrewmateReport
from seafarers_home.organisations.models import SeafarerProfile
from tests.browser.conftest import sign_in
from tests.personas import World

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_master_reports_a_crewmate_on_a_phone(page: Any, site: str, world: World) -> None:
    SeafarerProfile.objects.filter(user=world.seafarer).update(rank="master")
    crewmate = world.consented_seafarer
    sign_in(page, site, world.seafarer)
    page.goto(f"{site}/incidents/report/")
    assert page.evaluate(OVERFLOW) <= 0
    page.select_option("select[name=reported]", str(crewmate.pk))
    page.fill("textarea[name=observation]", "三天没怎么吃饭,晚上一个人在船尾站着")
    page.fill("input[name=position]", "北纬 28°50′ 东经 123°10′")
    page.fill("input[name=reach]", "卫星电话 870773112233")
    with page.expect_navigation():
        page.get_by_role("button", name="提交报告").click()
    assert "/incidents/report/guide/" in page.url
    assert "报告已送达医院" in page.inner_text(".messages")
    assert "12395" in page.inner_text("main")
    assert page.evaluate(OVERFLOW) <= 0
    report = CrewmateReport.objects.get()
    assert report.reported == crewmate and report.vessel == world.vessel_a
    assert CrisisAlert.objects.get().seafarer == crewmate
