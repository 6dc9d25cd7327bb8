"""At the door and around it: the QR code and its check-in, the ticked list, the attendance
CSV, reminders the day before (each once), the calendar file, cancelling an activity, and
times in the reader's zone."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from seafarers_home.activities.actions.attendance import send_due_reminders
from seafarers_home.activities.actions.signups import do_sign_up
from seafarers_home.notifications.models import Notification
from tests.personas import World

pytestmark = pytest.mark.django_db


def test_a_code_checks_in_once_and_forged_or_other_activity_codes_are_refused(
    world: World, client_for, publish
) -> None:
    activity, other = publish(), publish(title="另一个活动")
    mine, _ = do_sign_up(world.seafarer, activity)
    elsewhere, _ = do_sign_up(world.seafarer_b, other)
    page = client_for("seafarer").get(f"/activities/{activity.pk}/").content.decode()
    assert "<svg" in page and mine.code in page  # the QR code, and the code to type

    door = client_for("union_staff")
    url = f"/activities/manage/{activity.pk}/check-in/"
    typed = "-".join([mine.code[:5], mine.code[5:].lower()])  # as typed by hand
    ok = door.post(url, {"code": typed})
    assert ok.status_code == 200 and "王海 已签到" in ok.content.decode()
    for code, error in (
        (mine.code, "这个签到码已经用过了。"),
        ("FORGED2345", "签到码无效。"),
        (elsewhere.code, "这个签到码属于另一个活动。"),
    ):
        refused = door.post(url, {"code": code})
        assert refused.status_code == 400 and error in refused.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.checked_in_at is None


def test_staff_tick_the_list_and_download_the_attendance(world: World, client_for, publish) -> None:
    activity = publish()
    came, _ = do_sign_up(world.seafarer, activity)
    do_sign_up(world.seafarer_b, activity)
    staff = client_for("union_staff")
    tick = staff.post(f"/activities/manage/{activity.pk}/tick/", {"signup": came.pk})
    assert tick.status_code == 302
    response = staff.get(f"/activities/manage/{activity.pk}/attendance.csv")
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("姓名")
    assert rows[1].startswith("王海,0,") and not rows[1].endswith("未到")
    assert rows[2].startswith("李强,0,") and rows[2].endswith("未到")


def test_reminders_go_once_the_day_before_to_those_holding_a_place(
    world: World, client_for, publish
) -> None:
    start = timezone.now() + datetime.timedelta(hours=20)
    activity = publish(
        capacity=1,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        signup_deadline=start - datetime.timedelta(hours=1),
    )
    do_sign_up(world.seafarer, activity)
    do_sign_up(world.seafarer_b, activity)  # waiting: no reminder
    assert send_due_reminders() == 1
    assert send_due_reminders() == 0
    reminders = Notification.objects.filter(kind="activity.reminder")
    assert [n.user for n in reminders] == [world.seafarer]
    ics = client_for("seafarer").get(f"/activities/{activity.pk}/calendar.ics")
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert f"UID:activity-{activity.pk}@" in body
    assert "DTSTART:" + start.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ") in body


def test_cancelling_an_activity_tells_everyone_signed_up(world: World, client_for, publish) -> None:
    activity = publish(capacity=1)
    do_sign_up(world.seafarer, activity)
    do_sign_up(world.seafarer_b, activity)  # waiting: told too
    staff = client_for("union_staff")
    empty = staff.post(f"/activities/manage/{activity.pk}/cancel/", {"reason": ""})
    assert empty.status_code == 400
    response = staff.post(f"/activities/manage/{activity.pk}/cancel/", {"reason": "台风停航"})
    assert response.status_code == 302
    told = Notification.objects.filter(kind="activity.cancelled")
    assert sorted(n.user.pk for n in told) == sorted([world.seafarer.pk, world.seafarer_b.pk])
    assert "台风停航" in told[0].message
    page = client_for("seafarer").get(f"/activities/{activity.pk}/").content.decode()
    assert "这个活动已取消。" in page
    # Nothing on the page still asks the seafarer to come: no check-in code, no calendar.
    assert 'id="checkin-code"' not in page and "二维码签到" not in page
    assert f"/activities/{activity.pk}/calendar.ics" not in page


def test_times_read_in_the_seafarers_zone_with_beijing_time_beside(
    world: World, client_for, publish
) -> None:
    # 2030-07-01 02:00 UTC: 14:00 in Auckland (winter, UTC+12), 10:00 in Beijing; and in
    # January (summer time, UTC+13) 15:00.
    july = datetime.datetime(2030, 7, 1, 2, 0, tzinfo=datetime.UTC)
    january = datetime.datetime(2030, 1, 7, 2, 0, tzinfo=datetime.UTC)
    winter = publish(
        starts_at=july,
        ends_at=july + datetime.timedelta(hours=1),
        signup_deadline=july - datetime.timedelta(days=1),
    )
    summer = publish(
        starts_at=january,
        ends_at=january + datetime.timedelta(hours=1),
        signup_deadline=january - datetime.timedelta(days=1),
    )
    world.seafarer.time_zone = "Pacific/Auckland"
    world.seafarer.save(update_fields=["time_zone"])
    client = client_for("seafarer")
    winter_page = client.get(f"/activities/{winter.pk}/").content.decode()
    assert "2030-07-01 14:00–15:00" in winter_page and "(北京时间 10:00–11:00)" in winter_page
    summer_page = client.get(f"/activities/{summer.pk}/").content.decode()
    assert "2030-01-07 15:00–16:00" in summer_page and "(北京时间 10:00–11:00)" in summer_page


def test_the_same_activity_reads_anew_after_the_ship_changes_zone(
    world: World, client_for, publish
) -> None:
    # 2030-03-20 06:00 UTC: 14:00 in Beijing; the ship sails from Fiji (UTC+12) to Honolulu
    # (UTC-10), across the date line: the same activity is the 20th at 18:00, then the 19th
    # at 20:00, Beijing time beside; the stored time does not move.
    moment = datetime.datetime(2030, 3, 20, 6, 0, tzinfo=datetime.UTC)
    activity = publish(
        starts_at=moment,
        ends_at=moment + datetime.timedelta(hours=2),
        signup_deadline=moment - datetime.timedelta(days=1),
    )
    client = client_for("seafarer")
    url = f"/activities/{activity.pk}/"
    beijing_page = client.get(url).content.decode()
    assert "2030-03-20 14:00–16:00" in beijing_page and "北京时间" not in beijing_page
    for zone_name, local, beijing in (
        ("Pacific/Fiji", "2030-03-20 18:00–20:00", "(北京时间 14:00–16:00)"),
        # the day differs from Beijing's: Beijing time beside says which day
        ("Pacific/Honolulu", "2030-03-19 20:00–22:00", "(北京时间 03-20 14:00–16:00)"),
    ):
        world.seafarer.time_zone = zone_name
        world.seafarer.save(update_fields=["time_zone"])
        page = client.get(url).content.decode()
        assert local in page and beijing in page, zone_name
    activity.refresh_from_db()
    assert activity.starts_at == moment
