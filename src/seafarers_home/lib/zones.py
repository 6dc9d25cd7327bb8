"""Time zones as a seafarer knows them: Chinese names grouped by sea area, with the offset.

One list (``time_zone_choices``) for every form that asks for a zone, and one formatter
(``format_time`` / the ``zoned`` template filter) for every page that shows a time: the time
once in the reader's zone, and the hospital's time beside it only when the two differ (the
hospital and the hotline work on Beijing time). Nobody is asked to type an IANA name, and no
page prints an abbreviation such as "CST" (China? Central US? Cuba?).

The one answer to "which zone": ``hospital_zone()`` (the ``HOSPITAL_TIME_ZONE`` setting: the
clinic's hours, the roster, the supervisor's and the programme's days and months, the daily
care run) and ``user_zone(user)`` (the person's own, the hospital's when unset or unknown).
``BEIJING`` below is a place in the list (北京时间), not the hospital's setting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

BEIJING = "Asia/Shanghai"
SHORT = "%Y-%m-%d %H:%M"

# (area, [(IANA name, place)]): the places ships call at or sail past, plus whole-hour ship's
# time for the open sea (Etc/GMT-N is UTC+N: the sign is POSIX's, inverted).
ZONE_AREAS: list[tuple[object, list[tuple[str, object]]]] = [
    (
        _("中国及东亚"),
        [
            ("Asia/Tokyo", _("日本")),
            ("Asia/Seoul", _("韩国")),
            ("Asia/Hong_Kong", _("香港")),
        ],
    ),
    (
        _("东南亚"),
        [
            ("Asia/Singapore", _("新加坡 · 马来西亚")),
            ("Asia/Manila", _("菲律宾")),
            ("Asia/Bangkok", _("泰国 · 越南")),
            ("Asia/Jakarta", _("印度尼西亚(雅加达)")),
        ],
    ),
    (
        _("印度洋"),
        [
            ("Asia/Kolkata", _("印度 · 斯里兰卡")),
            ("Indian/Maldives", _("马尔代夫")),
            ("Indian/Mauritius", _("毛里求斯 · 塞舌尔")),
            ("Asia/Dubai", _("阿联酋 · 阿曼")),
            ("Africa/Nairobi", _("东非(肯尼亚 · 坦桑尼亚)")),
        ],
    ),
    (
        _("太平洋"),
        [
            ("Pacific/Guam", _("关岛 · 巴布亚新几内亚")),
            ("Pacific/Guadalcanal", _("所罗门群岛 · 瓦努阿图")),
            ("Pacific/Fiji", _("斐济")),
            ("Pacific/Tarawa", _("基里巴斯(塔拉瓦)")),
            ("Pacific/Auckland", _("新西兰")),
            ("Pacific/Apia", _("萨摩亚")),
            ("Pacific/Honolulu", _("夏威夷")),
            ("Australia/Sydney", _("澳大利亚东部(悉尼)")),
            ("Australia/Perth", _("澳大利亚西部(珀斯)")),
        ],
    ),
    (
        _("大西洋及非洲"),
        [
            ("Atlantic/Cape_Verde", _("佛得角")),
            ("Africa/Abidjan", _("西非(科特迪瓦 · 塞内加尔 · 加纳)")),
            ("Africa/Nouakchott", _("毛里塔尼亚")),
            ("Atlantic/Canary", _("加那利群岛")),
            ("Africa/Casablanca", _("摩洛哥")),
            ("Africa/Lagos", _("尼日利亚 · 安哥拉")),
            ("Africa/Johannesburg", _("南非 · 纳米比亚")),
        ],
    ),
    (
        _("欧洲"),
        [
            ("Europe/London", _("英国")),
            ("Europe/Berlin", _("欧洲中部")),
            ("Europe/Athens", _("希腊 · 土耳其以西")),
        ],
    ),
    (
        _("美洲"),
        [
            ("America/Argentina/Buenos_Aires", _("阿根廷")),
            ("America/Santiago", _("智利")),
            ("America/Lima", _("秘鲁 · 厄瓜多尔")),
            ("America/Panama", _("巴拿马")),
            ("America/New_York", _("美国东部")),
            ("America/Los_Angeles", _("美国西部")),
        ],
    ),
]


def _ship_time_zones() -> list[tuple[str, int]]:
    return [(f"Etc/GMT{-h:+d}" if h else "UTC", h) for h in range(-12, 15)]


def _offset(name: str, at: datetime | None = None) -> timedelta:
    moment = (at or timezone.now()).astimezone(zone(name))
    return moment.utcoffset() or timedelta(0)


def offset_text(offset: timedelta) -> str:
    """'UTC+8', 'UTC+5:30', 'UTC-3', 'UTC'."""
    minutes = int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def hospital_zone_name() -> str:
    """The hospital's zone, from the HOSPITAL_TIME_ZONE setting."""
    return settings.HOSPITAL_TIME_ZONE


def hospital_zone() -> ZoneInfo:
    """The hospital's zone (a broken setting is refused at start-up by core/checks.py)."""
    return ZoneInfo(hospital_zone_name())


def zone(name: str | None) -> ZoneInfo:
    """The zone of that name, the hospital's for an unknown or empty one."""
    try:
        return ZoneInfo(name) if name else hospital_zone()
    except (ZoneInfoNotFoundError, ValueError):
        return hospital_zone()


def user_zone(user: User | AnonymousUser) -> ZoneInfo:
    """This person's zone (``User.time_zone``); the hospital's when unset or unknown."""
    return zone(getattr(user, "time_zone", "") or None)


def _place(name: str) -> str | None:
    if name == BEIJING:
        return gettext("北京时间")
    if name in dict(_ship_time_zones()):
        return gettext("船时")
    for area, places in ZONE_AREAS:
        for key, place in places:
            if key == name:
                return f"{area} · {place}"
    return None


def zone_label(name: str, at: datetime | None = None) -> str:
    """'北京时间 (UTC+8)', '太平洋 · 斐济 (UTC+12)', '船时 (UTC-5)'; an unlisted zone by its
    IANA name, so a zone set before this list existed still reads."""
    place = _place(name) or name
    return f"{place} ({offset_text(_offset(name, at))})"


def time_zone_choices(current: str | None = None) -> list[tuple[object, object]]:
    """Grouped choices for a <select>: Beijing first, then the sea areas, then ship's time."""
    groups: list[tuple[object, object]] = [(BEIJING, zone_label(BEIJING))]
    if current and current != BEIJING and _place(current) is None and is_known(current):
        groups.append((current, zone_label(current)))
    for area, places in ZONE_AREAS:
        entries = [(key, zone_label(key)) for key, _place_name in places]
        groups.append((area, sorted(entries, key=lambda e: _offset(e[0]))))
    ship = [(key, zone_label(key)) for key, _h in _ship_time_zones()]
    groups.append((pgettext_lazy("time zone group", "船时(按整点时区)"), ship))
    return groups


@cache
def known_zone_names() -> frozenset[str]:
    """Every IANA zone this machine's time-zone database holds. Read once per process:
    ``available_timezones()`` walks the whole database directory on each call (~25 ms)."""
    return frozenset(available_timezones())


def is_known(name: str) -> bool:
    return bool(name) and name in known_zone_names()


class TimeZoneField(forms.ChoiceField):
    """A <select> of the listed zones (and the person's current one, if unlisted)."""

    def __init__(self, *, current: str | None = None, **kwargs: object) -> None:
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": _("请从列表中选择时区。"), "required": _("请选择时区。")},
        )
        super().__init__(choices=time_zone_choices(current), **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ZonedTime:
    local: datetime
    beijing: datetime

    @property
    def differs(self) -> bool:
        return self.local.utcoffset() != self.beijing.utcoffset()

    def text(self, fmt: str = SHORT) -> str:
        shown = self.local.strftime(fmt)
        if not self.differs:
            return shown
        label = zone_label(str(self.local.tzinfo), self.local)
        same_day = self.local.date() == self.beijing.date()
        beijing = self.beijing.strftime("%H:%M" if same_day else "%m-%d %H:%M")
        return gettext("%(time)s %(zone)s(北京时间 %(beijing)s)") % {
            "time": shown,
            "zone": label,
            "beijing": beijing,
        }


def zoned(moment: datetime, zone_name: str | None = None) -> ZonedTime:
    """A stored (UTC) moment in the reader's zone (the active one by default) and the
    hospital's."""
    local_zone = zone(zone_name) if zone_name else timezone.get_current_timezone()
    return ZonedTime(
        local=moment.astimezone(local_zone), beijing=moment.astimezone(hospital_zone())
    )


def format_time(moment: datetime | None, zone_name: str | None = None, fmt: str = SHORT) -> str:
    """The one way a time is printed: in the reader's zone, the hospital's beside only if
    different."""
    if moment is None:
        return ""
    return zoned(moment, zone_name).text(fmt)
