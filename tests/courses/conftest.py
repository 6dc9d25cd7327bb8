from __future__ import annotations

import datetime

from seafarers_home.certificates.actions import do_add_certificate
from seafarers_home.certificates.validity import today_for
from seafarers_home.courses.actions.publishing import do_create_course, do_create_session
from seafarers_home.courses.models import CourseSession
from tests.personas import World


def day(user, n: int) -> datetime.date:
    return today_for(user) + datetime.timedelta(days=n)


def publish(world: World, *, seats: int = 2, prerequisites: tuple[str, ...] = ()) -> CourseSession:
    """A crewmate-in-crisis course of the world's training centre, starting in a week."""
    officer = world.training_officer
    course = do_create_course(
        officer,
        world.training_provider,
        title="船友危机心理急救",
        description="面向船长和高级船员。",
        issues_kind="crewmate_in_crisis",
        certificate_valid_months=36,
    )
    return do_create_session(
        officer,
        course,
        starts_on=day(officer, 7),
        ends_on=day(officer, 9),
        place="舟山海员培训中心 301",
        seats=seats,
        fee_text="800 元,开班时线下缴纳",
        prerequisites=list(prerequisites),
    )


def hold(user, kind: str, expires_in: int, number: str = "X-1") -> None:
    do_add_certificate(
        user,
        kind=kind,
        number=number,
        issuer="舟山海事局",
        issued_on=day(user, -1000),
        expires_on=day(user, expires_in),
    )
