"""Where to turn in a crisis: the one source of the numbers and words (DOMAIN rules 2 and 8).

Every page and API answer that shows crisis help takes it from here: the crisis box after a
screening, a red-flagged question, the "I need help now" page and the help page render
``core/_crisis_box.html`` (through the ``crisis_box`` tag), and the API's urgent notice is
``crisis_notice_text``. The physical red flags of the message board (report to the master,
radio medical advice) use the maritime numbers below too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# China Maritime Search and Rescue Centre: the national waterborne distress line.
MARITIME_RESCUE_NUMBER = "12395"
# Inmarsat two-digit special access codes, dialled from the ship's satellite terminal:
# 32 = medical advice (radio medical service), 38 = medical assistance (evacuation).
INMARSAT_MEDICAL_ADVICE_CODE = "32"
INMARSAT_MEDICAL_ASSISTANCE_CODE = "38"
# The distress and calling channel.
VHF_DISTRESS_CHANNEL = "16"
AMBULANCE_NUMBER = "120"
POLICE_NUMBER = "110"


@dataclass(frozen=True)
class Line:
    code: str
    label: Promise
    number: str
    note: Promise


def crisis_lines() -> list[Line]:
    """The numbers, most specific first. Read at call time: the two hotline numbers are
    settings (a deployment may have its own line)."""
    return [
        Line("platform", _("海员心理热线"), settings.PLATFORM_HOTLINE_NUMBER,
             _("24小时,医院心理咨询员接听")),
        Line("national", _("全国心理援助热线"), settings.NATIONAL_PSY_HOTLINE_NUMBER,
             _("全国统一的心理援助电话")),
        Line("ambulance", _("急救电话"), AMBULANCE_NUMBER, _("在岸上或靠港时")),
        Line("police", _("报警"), POLICE_NUMBER, _("在岸上或靠港时")),
        Line("rescue", _("水上遇险求救"), MARITIME_RESCUE_NUMBER,
             _("中国海上搜救中心;海上也可以在 VHF 16 频道呼救")),
    ]  # fmt: skip


# What to do on board, in the order a person in distress should do it.
ON_BOARD_STEPS = (
    _("告诉船长或你信任的船员,不要一个人待着。"),
    _("通过船上卫星电话拨打热线;没有数据信号时也可以请船长联系岸上。"),
    _("远离可能伤害自己的东西。"),
    _("身体急症请联系船长并通过海上无线电医疗服务求助。"),
)
ALERTED_TEXT = _("医院的值班医生已经收到提醒,会尽快联系你。")


def crisis_box_context(*, alerted: bool = False, lead: str = "") -> dict[str, Any]:
    """What ``core/_crisis_box.html`` shows: the same lines and steps everywhere; only the
    opening sentence (why the box is shown) and whether a doctor was alerted differ."""
    return {
        "crisis_lines": crisis_lines(),
        "on_board_steps": ON_BOARD_STEPS,
        "alerted_text": ALERTED_TEXT if alerted else "",
        "lead": lead,
    }


def crisis_notice_text() -> str:
    """The crisis box as one sentence, for the API (apps render it as they like)."""
    return gettext(
        "请现在就找人帮忙:拨打海员心理热线 %(platform)s 或全国心理援助热线 %(national)s,"
        "告诉船长或你信任的船员,不要一个人待着;有生命危险时拨打 %(rescue)s。"
        "医院的值班医生已经收到提醒,会尽快联系你。"
    ) % {
        "platform": settings.PLATFORM_HOTLINE_NUMBER,
        "national": settings.NATIONAL_PSY_HOTLINE_NUMBER,
        "rescue": MARITIME_RESCUE_NUMBER,
    }


def maritime_numbers() -> dict[str, str]:
    """The numbers of the physical-emergency notice (report to the master, radio medical)."""
    return {
        "MARITIME_RESCUE_NUMBER": MARITIME_RESCUE_NUMBER,
        "INMARSAT_MEDICAL_ADVICE_CODE": INMARSAT_MEDICAL_ADVICE_CODE,
        "INMARSAT_MEDICAL_ASSISTANCE_CODE": INMARSAT_MEDICAL_ASSISTANCE_CODE,
        "VHF_DISTRESS_CHANNEL": VHF_DISTRESS_CHANNEL,
    }
