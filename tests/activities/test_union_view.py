"""The union view (issue 12 item 5): sign-ups, attendance and no-show rates per activity and
course session, waiting lists, certificates expiring in the next 90 days by kind with small
cells suppressed, as inline SVG charts; each officer sees only their own organisation's part;
and the page costs the same number of queries for 10 activities as for 100."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.activities.actions.attendance import do_check_in
from seafarers_home.activities.actions.signups import do_sign_up
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.stats import expiring_by_kind
from seafarers_home.certificates.validity import today_for
from seafarers_home.courses.actions.applying import do_apply
from seafarers_home.courses.actions.deciding import do_decide_application, do_record_attendance
from seafarers_home.courses.models import CourseSession
from tests.courses.conftest import publish as publish_session
from tests.personas import World, _user
from tests.small_cells import assert_safe

pytestmark = pytest.mark.django_db
URL = "/activities/statistics/"


def _seafarers(n: int, start: int = 0) -> list[User]:
    return [
        _user(f"1370001{start + i:04d}", f"海员{start + i}", (Role.SEAFARER, None))
        for i in range(n)
    ]


def _move_to_the_past(activity: Activity) -> None:
    """The activity took place yesterday (sign-ups and check-ins were made before)."""
    start = timezone.now() - datetime.timedelta(days=1)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        signup_deadline=start - datetime.timedelta(hours=1),
    )


def _row(page: str, title: str) -> list[str]:
    """The cells of the table row naming ``title``."""
    row = re.search(rf"<tr>\s*<td>{re.escape(title)} .*?</tr>", page, re.S)
    assert row, title
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row[0], re.S)
    ]


def test_union_staff_see_rates_per_activity_and_session_with_charts(
    world: World, client_for, publish, django_capture_on_commit_callbacks
) -> None:
    match = publish(title="海员篮球赛", capacity=3)
    people = [
        world.seafarer,
        world.seafarer_b,
        world.consented_seafarer,
        world.consented_seafarer_b,
    ]
    signups = [do_sign_up(person, match)[0] for person in people]  # three places, one waits
    for signup in signups[:2]:
        do_check_in(world.union_staff, match, signup_id=signup.pk)
    _move_to_the_past(match)
    upcoming = publish(title="航海讲座", kind="talk")
    do_sign_up(world.seafarer, upcoming)

    session = publish_session(world, seats=1)
    first = do_apply(world.seafarer, session)
    second = do_apply(world.seafarer_b, session)
    for application in (first, second):
        do_decide_application(application, world.training_officer, approve=True)
    CourseSession.objects.filter(pk=session.pk).update(starts_on=today_for(world.seafarer))
    do_record_attendance(first, world.training_officer, completed=False)

    page = client_for("union_staff").get(URL).content.decode()
    # 3 held, 1 waiting, nobody cancelled, 2 came, 1 did not: 67% and 33%.
    assert _row(page, "海员篮球赛")[2:] == ["3/3", "1", "0", "2", "1", "67%", "33%"]
    assert _row(page, "航海讲座")[2:] == ["1/10", "0", "0", "0", "·", "·", "·"]
    assert "共 2 个活动,报名 4 人,候补 1 人。" in page
    assert "已结束活动出席率 67%,缺席率 33%。" in page
    # the session: 2 applications, its one seat held by the absent first, the second waits
    assert _row(page, "船友危机心理急救")[2:] == ["2", "1/1", "1", "0", "1", "0%", "100%"]
    assert page.count("<svg") == 2  # activities and sessions; too few certificates to show
    # Each bar says its day too: a course or a monthly meeting repeats its title.
    match.refresh_from_db()
    day = timezone.localtime(match.starts_at).strftime("%m-%d")
    assert f"<title>{day} 海员篮球赛 · 出席: 2</title>" in page
    on = today_for(world.seafarer).strftime("%m-%d")
    assert f"<title>{on} 船友危机心理急救 · 缺席: 1</title>" in page


def test_a_wellbeing_sessions_small_attendance_is_hidden(world: World, client_for, publish) -> None:
    wellbeing = publish(title="心理团建", kind="wellbeing")
    signups = [do_sign_up(person, wellbeing)[0] for person in _seafarers(6)]
    do_check_in(world.union_staff, wellbeing, signup_id=signups[0].pk)
    _move_to_the_past(wellbeing)
    page = client_for("union_staff").get(URL).content.decode()
    cells = _row(page, "心理团建")
    assert cells[2] == "6/10" and cells[5:] == ["–", "–", "·", "·"]  # 1 came, 5 did not: hidden


def test_certificates_expiring_are_counted_by_kind_with_small_cells_suppressed(
    world: World, client_for
) -> None:
    today = today_for(world.union_staff)
    holders = _seafarers(19)
    kinds = ["basic_safety"] * 9 + ["health_certificate"] * 6 + ["coc_master", "coc_officer"] * 2

    def certificate(user: User, kind: str, days: int) -> Certificate:
        return Certificate(
            seafarer=user,
            kind=kind,
            number="N",
            issuer="舟山海事局",
            issued_on=today - datetime.timedelta(days=700),
            expires_on=today + datetime.timedelta(days=days),
        )

    rows = [certificate(user, kind, 30) for user, kind in zip(holders, kinds, strict=True)]
    rows.append(certificate(holders[0], "basic_safety", 60))  # the same seafarer counts once
    rows.append(certificate(holders[1], "basic_safety", 200))  # not within 90 days
    rows.append(certificate(holders[2], "basic_safety", -1))  # already expired
    Certificate.objects.bulk_create(rows)
    group = expiring_by_kind(today)
    assert group.cells["basic_safety"] == 9 and group.cells["health_certificate"] == 6
    assert group.cells["coc_master"] is None and group.cells["coc_officer"] is None
    assert group.total == 19
    assert_safe(group.cells, group.total)
    page = client_for("union_staff").get(URL).content.decode()
    assert "未来 90 天内到期的证书" in page and page.count("<svg") == 1  # no activity yet
    assert "<title>基本安全培训合格证 · 证书到期: 9</title>" in page
    assert ": 2</title>" not in page  # the two masters and the two officers are hidden
    # a company officer and a training officer never see the wallet's figures
    for persona in ("officer_a", "training_officer"):
        assert "未来 90 天内到期的证书" not in client_for(persona).get(URL).content.decode()


def test_officers_see_only_their_own_organisations_figures(
    world: World, client_for, publish
) -> None:
    publish(title="工会活动")
    publish(
        title="平太荣船员联谊",
        organiser=world.officer_a,
        organisation=world.company_a,
        audience="company",
        company=world.company_a,
    )
    publish_session(world)
    officer_a = client_for("officer_a").get(URL).content.decode()
    assert "平太荣船员联谊" in officer_a and "工会活动" not in officer_a
    assert "船友危机" not in officer_a  # no course section for a company officer
    officer_b = client_for("officer_b").get(URL).content.decode()
    assert "平太荣船员联谊" not in officer_b and "共 0 个活动" in officer_b
    training = client_for("training_officer").get(URL).content.decode()
    assert "船友危机心理急救" in training and "工会活动" not in training
    union = client_for("union_staff").get(URL).content.decode()
    assert "平太荣船员联谊" in union and "工会活动" in union and "船友危机心理急救" in union


def _page_queries(client) -> int:
    client.get(URL)  # the staff session's once-a-minute write is not the page's
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_for_10_and_100_activities(
    world: World, client_for
) -> None:
    people = _seafarers(5)
    client = client_for("union_staff")

    def add(n: int) -> None:
        start = timezone.now() + datetime.timedelta(days=3)
        made = Activity.objects.bulk_create(
            Activity(
                organisation=world.union,
                title=f"活动{i}",
                description="d",
                kind="culture",
                place="p",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                signup_deadline=start,
                capacity=50,
                audience="all",
            )
            for i in range(n)
        )
        SignUp.objects.bulk_create(
            SignUp(activity=a, seafarer=p, status="confirmed", code=f"C{a.pk}X{p.pk}")
            for a in made
            for p in people
        )

    add(10)
    ten = _page_queries(client)
    add(90)
    hundred = _page_queries(client)
    assert ten == hundred
