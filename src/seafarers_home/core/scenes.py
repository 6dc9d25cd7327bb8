"""The five service scenes of the Seafarers' Home start page and the four services of the
mental-health platform. A scene's ``ready`` flips when its issue lands."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Scene:
    slug: str
    title: Promise
    blurb: Promise
    icon: str
    url_name: str | None = None


SCENES: tuple[Scene, ...] = (
    Scene("health", _("健康咨询"), _("心理CT、远程咨询、心理热线、在线问诊"), "✚", "core:health"),
    Scene("rights", _("维权保障"), _("欠薪、合同、工伤、法律援助"), "⚖"),
    Scene("events", _("海员活动"), _("工会活动报名"), "★"),
    Scene("jobs", _("企业招聘"), _("船员岗位与投递"), "⚓"),
    Scene("courses", _("培训报名"), _("职业技能培训"), "✎"),
)

HEALTH_SERVICES: tuple[Scene, ...] = (
    Scene("screening", _("心理CT"), _("出海前心理健康检查与筛查,健康入职"), "◎"),
    Scene("consultations", _("远程咨询"), _("预约医院医生音视频咨询"), "☎"),
    Scene("hotline", _("心理热线"), _("24小时心理热线,海上可约回拨"), "♡"),
    Scene("inquiries", _("健康在线咨询"), _("留言提问,医生在承诺时间内回复"), "✉"),
)

SCENES_BY_SLUG = {scene.slug: scene for scene in SCENES + HEALTH_SERVICES}
