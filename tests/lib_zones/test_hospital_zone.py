"""One answer to "which zone" (issue 17 item 6): lib/zones.py's hospital_zone() (the
HOSPITAL_TIME_ZONE setting) and user_zone(user). No module keeps its own Beijing time: with the
setting changed, the roster, the supervisor's hours, the clinic's hospital time, the
programme's months and the daily care run all follow it."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils import timezone

import seafarers_home
from seafarers_home.accounts.models import User
from seafarers_home.consultations.services import hospital_time
from seafarers_home.hotline.roster import week_view
from seafarers_home.lib.zones import format_time, hospital_zone, user_zone
from seafarers_home.voyages.dashboard import HospitalDate
from seafarers_home.voyages.periodic_jobs import next_run_time

SOURCE = Path(seafarers_home.__file__).parent
# settings.py holds the default; lib/zones.py lists 北京时间 as a place a reader may choose.
ALLOWED = {SOURCE / "settings.py", SOURCE / "lib" / "zones.py"}
TOKYO = ZoneInfo("Asia/Tokyo")


def test_no_module_hard_codes_the_hospitals_zone():
    literal = re.compile(r"""["']Asia/Shanghai["']""")
    found = [
        f"{path.relative_to(SOURCE)}:{number}"
        for path in SOURCE.rglob("*.py")
        if path not in ALLOWED and "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert found == []


def test_the_users_zone_falls_back_to_the_hospitals(settings):
    settings.HOSPITAL_TIME_ZONE = "Asia/Tokyo"
    assert hospital_zone() == TOKYO
    assert user_zone(User(time_zone="Pacific/Fiji")) == ZoneInfo("Pacific/Fiji")
    assert user_zone(User(time_zone="")) == TOKYO
    assert user_zone(User(time_zone="Mars/Olympus_Mons")) == TOKYO
    assert User().time_zone == "Asia/Tokyo"  # a new account starts in the hospital's zone


def test_every_hospital_time_follows_the_setting(settings, db):
    settings.HOSPITAL_TIME_ZONE = "Asia/Tokyo"
    moment = datetime.datetime(2027, 3, 31, 15, 30, tzinfo=datetime.UTC)

    assert hospital_time(moment).utcoffset() == datetime.timedelta(hours=9)
    first = week_view(datetime.date(2027, 3, 29))[0].hours[0].start
    assert first == datetime.datetime(2027, 3, 29, tzinfo=TOKYO)
    run = next_run_time(moment).astimezone(TOKYO)
    assert (run.date(), run.hour) == (datetime.date(2027, 4, 1), 9)
    # The time beside a seafarer's own is the hospital's.
    assert "00:30" in format_time(moment, "Pacific/Honolulu")

    user = User.objects.create(phone="13812345678", display_name="东京")
    User.objects.filter(pk=user.pk).update(created_at=moment)
    day = User.objects.annotate(day=HospitalDate("created_at")).get(pk=user.pk).day
    assert day == datetime.date(2027, 4, 1)  # in Beijing time it is still 31 March

    settings.HOSPITAL_TIME_ZONE = "Asia/Shanghai"
    day = User.objects.annotate(day=HospitalDate("created_at")).get(pk=user.pk).day
    assert day == datetime.date(2027, 3, 31)
    assert timezone.localtime(moment, hospital_zone()).date() == day
