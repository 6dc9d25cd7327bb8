"""Every text the platform sends over the short-message channel, in one place.

A bridge terminal is shared: **no reply or prompt carries health details or scores** — only
that something was received, what happens next, and the crisis numbers where risk was found.
Each text fits one BeiDou-3 global message (560 bits, ``encoding.py``) in Chinese and in
English, or is cut into numbered parts; tests/short_messages check every one of them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crisis_help import MARITIME_RESCUE_NUMBER

MENU = _("指令:求助/SOS 回电/CB 20-22 平安/OK P4/W5/P9/G7加数字 其他文字=留言")
NUMBERS = _("心理热线%(hotline)s 全国%(national)s 海上遇险%(rescue)s")
UNBOUND = _("本终端未绑定海员之家账号,请在App“短报文终端”页绑定。")
SOS = _("求助已收到,值班医生已接到警报,咨询员将回电%(number)s。")
CALLBACK = _("已预约回电:船时%(start)s-%(end)s(%(zone)s),拨打%(number)s。")
CALLBACK_REFUSED = _("这个时间无法预约,请换一个,例如 CB 20-22(船时,整点)。")
WINDOW_REFUSED = _("回电时间写法:CB 20-22(船时,整点)。未预约。")
CHECK_IN = _("平安打卡已收到,谢谢。需要帮助请回复 求助。")
SCREENING_SAVED = _("%(code)s答案已收到并保存,联网后可在App查看。")
SCREENING_RISK = _("%(code)s答案已收到,医生会查看并联系您。")
SCREENING_COUNT = _("%(code)s需要%(n)s个数字,每题一个,例如 %(example)s。未保存。")
SCREENING_DIGITS = _("%(code)s每题一个数字,只能是%(low)s到%(high)s。未保存。")
NO_CONSENT = _("请先在海员之家App同意健康数据使用,再用短报文答题或留言。")
QUESTION_SAVED = _("留言已收到,医生回复后会发短报文通知您。")
QUESTION_URGENT = _("留言已收到,已优先交给医生。")
QUESTION_REFUSED = _("没有看懂这条短报文,回复 帮助 查看指令。未保存。")
TOO_LONG = _("短报文太长(最多%(n)s字),请分几条发送。未保存。")
INQUIRY_REPLY = _("医生已回复您的留言,请联网后在海员之家查看;需要通话请回复 回电。")
BINDING_CODE = _("海员之家终端绑定验证码%(code)s,%(minutes)s分钟内有效。")
PULSE = _("海员之家每月心情打卡:请按指令卡回复 P4 和 W5,或回复 平安。")
HELP_REMINDER = _("出海平安!需要帮助请回复 求助,或拨打心理热线%(hotline)s、全国%(national)s。")


def numbers() -> dict[str, str]:
    return {
        "hotline": settings.PLATFORM_HOTLINE_NUMBER,
        "national": settings.NATIONAL_PSY_HOTLINE_NUMBER,
        "rescue": MARITIME_RESCUE_NUMBER,
    }


def render(language: str, *parts: tuple[Any, dict[str, Any]]) -> str:
    """The parts, each ``(text, params)``, in ``language``, one space apart."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return " ".join(str(text) % params if params else str(text) for text, params in parts)


def crisis_numbers() -> tuple[Any, dict[str, str]]:
    return NUMBERS, numbers()
