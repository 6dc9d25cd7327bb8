"""Demo activities for ``manage.py load_demo`` (called from demo/service_data.py): a basketball
match that is full with a waiting list, a 心理团建 with the hospital's clinicians for crews and
their families, and an online talk. Loading again adds nothing."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from seafarers_home.activities.access import organiser_organisations
from seafarers_home.activities.actions.publishing import ActivityDetails, do_publish_activity
from seafarers_home.activities.actions.signups import do_sign_up
from seafarers_home.activities.models import Activity, Audience, Kind
from seafarers_home.lib.zones import hospital_zone

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _at(days: int, hour: int) -> datetime.datetime:
    """``days`` from today at ``hour`` o'clock hospital time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=hospital_zone())


def _details(title: str, kind: str, days: int, capacity: int, **more: object) -> ActivityDetails:
    starts = _at(days, 14)
    values: dict[str, Any] = {
        "title": title,
        "kind": kind,
        "online": False,
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "signup_deadline": starts - datetime.timedelta(days=1),
        "capacity": capacity,
        "audience": Audience.ALL,
        "company": None,
        "max_guests": 0,
    }
    values.update(more)
    return ActivityDetails(**values)


DEMO_ACTIVITIES = (
    lambda: _details(
        "海员篮球友谊赛",
        Kind.CULTURE,
        6,
        3,
        description="海员之家体育馆,三对三篮球友谊赛。名额有限,报满后可候补。",
        place="舟山市海员之家体育馆",
    ),
    lambda: _details(
        "心理团建:远洋归来",
        Kind.WELLBEING,
        10,
        20,
        description="与舟山市第二人民医院海员心理咨询科的医生一起,"
        "为刚返港的船员和家属组织的团体活动:放松练习、分享和亲子游戏。",
        place="舟山市海员之家二楼活动室",
        audience=Audience.FAMILIES,
        max_guests=2,
    ),
    lambda: _details(
        "线上讲座:海上劳动合同与工资保障",
        Kind.TALK,
        14,
        200,
        description="工会法律顾问讲解劳动合同、欠薪维权和工伤申报,在船上也可以收看。",
        place="腾讯会议 812 345 678",
        online=True,
    ),
)


def load_demo_activities(
    organiser: User | None, seafarers: list[User], created: Counter[str]
) -> None:
    """Publish the demo activities as ``organiser`` (union staff) and sign ``seafarers`` up:
    the first signs up everywhere (he is the demo's seafarer), the match fills and queues."""
    if organiser is None or not seafarers:
        return
    organisations = organiser_organisations(organiser)
    if not organisations or Activity.objects.filter(organisation=organisations[0]).exists():
        return
    published = []
    for make in DEMO_ACTIVITIES:
        activity, _new = do_publish_activity(organiser, organisations[0], make())
        published.append(activity)
        created["activities"] += 1
    match, wellbeing, _talk = published
    for seafarer in seafarers[:5]:  # three places: two on the waiting list
        do_sign_up(seafarer, match)
        created["activity_signups"] += 1
    do_sign_up(seafarers[0], wellbeing, guests=2)
    created["activity_signups"] += 1
