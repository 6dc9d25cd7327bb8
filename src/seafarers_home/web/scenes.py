"""The five service scenes of the Seafarers' Home start page and the four services of the
mental-health platform. A scene's ``url_name`` is set when its issue lands; until then its
tile leads to a page that says plainly that it is coming."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scene:
    slug: str
    title: Promise
    blurb: Promise
    icon: str
    url_name: str | None = None
    # Plain-language paragraphs for the service's own page.
    about: tuple[Promise, ...] = field(default=())


SCENES: tuple[Scene, ...] = (
    Scene("health", _("健康咨询"), _("心理CT、远程咨询、心理热线、在线问诊"), "✚", "core:health"),
    Scene("rights", _("维权保障"), _("欠薪、合同、工伤、法律援助"), "⚖", "rights:home"),
    Scene("events", _("海员活动"), _("工会活动报名"), "★", "activities:list"),
    Scene("jobs", _("企业招聘"), _("船员岗位与投递"), "⚓", "jobs:list"),
    Scene("courses", _("培训报名"), _("职业技能培训"), "✎", "courses:list"),
)

HEALTH_SERVICES: tuple[Scene, ...] = (
    Scene(
        "screening",
        _("心理CT"),
        _("出海前心理健康检查与筛查,健康入职"),
        "◎",
        "screening:start",
        about=(
            _("心理CT是一组经过验证的心理健康量表,用手机几分钟就能做完。"),
            _("出海前、出海中、归港后都可以做。医院医生会看您的结果,需要时主动联系您。"),
            _(
                "出海前的检查结果可以用于健康入职;只有您同意后,用人单位才能看到入职结论,永远看不到您的答案和得分。"
            ),
        ),
    ),
    Scene(
        "consultations",
        _("远程咨询"),
        _("预约医院医生音视频咨询"),
        "☎",
        "consultations:mine",
        about=(
            _("预约医院海员心理咨询科的医生,通过语音或视频和医生一对一交谈。"),
            _("在海上信号不好时,可以改为语音或由医生回拨船上的卫星电话。"),
            _(
                "每次咨询都有记录,可以追溯。首次诊断和精神类药物处方须到医院线下就诊,平台会为您预约绿色通道。"
            ),
        ),
    ),
    Scene(
        "hotline",
        _("心理热线"),
        _("24小时心理热线,海上可约回拨"),
        "♡",
        "hotline:call",
        about=(
            _("心理热线由医院的心理咨询员接听,倾听您的烦恼,帮您想办法。"),
            _("在海上打电话不方便时,可以留下船上电话和方便的时间,咨询员会回拨。"),
            _("热线电话现在就可以拨打,号码在每个页面的顶部。"),
        ),
    ),
    Scene(
        "inquiries",
        _("健康在线咨询"),
        _("留言提问,医生在承诺时间内回复"),
        "✉",
        "inquiries:mine",
        about=(
            _("像留言板一样写下您的问题,医生会在承诺的时间内回复。"),
            _("不需要和医生同时在线,适合在海上信号时有时无的时候使用。"),
            _("留言只有您和回复的医生能看到。"),
        ),
    ),
)

SCENES_BY_SLUG = {scene.slug: scene for scene in SCENES}
HEALTH_SERVICES_BY_SLUG = {service.slug: service for service in HEALTH_SERVICES}
