"""Demo courses for ``manage.py load_demo`` (called from demo/service_data.py): the demo
training centre's basic safety refresher (which renews the main seafarer's soon-expiring
certificate; the seafarer has applied), the "crewmate in crisis" course for masters and
officers, and a certificate-of-competency upgrade. Loading again adds nothing."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

from seafarers_home.certificates.validity import today_for
from seafarers_home.courses.access import officer_providers
from seafarers_home.courses.actions.applying import do_apply
from seafarers_home.courses.actions.publishing import do_create_course, do_create_session
from seafarers_home.courses.errors import Refused
from seafarers_home.courses.models import Course

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

# (title, description, issues kind, months, starts in days, length, seats, fee, prerequisites)
COURSES: tuple[tuple[str, str, str, int | None, int, int, int, Decimal, list[str]], ...] = (
    (
        "基本安全培训复训",
        "海船船员基本安全培训(个人求生、防火灭火、基本急救、个人安全与社会责任)五年复训。",
        "basic_safety",
        60,
        12,
        3,
        30,
        Decimal("900"),
        ["seafarers_passport"],
    ),
    (
        "“船友危机”心理急救",
        "面向船长和高级船员:识别船友的心理危机,怎样陪伴、怎样求助(心理热线 12356)。",
        "crewmate_in_crisis",
        36,
        20,
        2,
        2,
        Decimal("0"),
        [],
    ),
    (
        "渔业船员适任证书升级培训",
        "远洋渔船职务船员证书等级提升的理论与实操培训。",
        "",
        None,
        35,
        10,
        24,
        Decimal("2600"),
        ["fishing_crew", "basic_safety"],
    ),
)


def load_demo_courses(officer: User | None, seafarer: User | None, created: Counter[str]) -> None:
    if officer is None:
        return
    providers = officer_providers(officer)
    if not providers or Course.objects.filter(provider=providers[0]).exists():
        return
    today = today_for(officer)
    first_session = None
    for title, text, kind, months, starts, length, seats, fee, needs in COURSES:
        course = do_create_course(
            officer,
            providers[0],
            title=title,
            description=text,
            issues_kind=kind,
            certificate_valid_months=months,
        )
        session = do_create_session(
            officer,
            course,
            starts_on=today + datetime.timedelta(days=starts),
            ends_on=today + datetime.timedelta(days=starts + length - 1),
            place="舟山海员培训中心(定海区海院路)",
            seats=seats,
            fee_text="开班时线下缴纳" if fee else "免费",
            fee_amount=fee,
            prerequisites=needs,
            documents="海员证复印件、一寸照片两张" if needs else "",
        )
        created["courses"] += 1
        first_session = first_session or session
    if seafarer is not None and first_session is not None:
        try:
            do_apply(seafarer, first_session, note="在港休假,可以参加。")
            created["course_applications"] += 1
        except Refused:
            pass  # the seafarer's wallet lacks the prerequisite: the demo shows the refusal
