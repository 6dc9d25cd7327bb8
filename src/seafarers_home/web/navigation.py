"""The staff workspace: for each role a person acts in, the tools that exist today.

Nothing here says who may open what. A section is shown to whoever its role's predicate
(``permissions.roles``) admits, and a tool to whoever its page admits: the predicate its view
was decorated with (``permissions.decorators``, kept as ``view.permission``). So a link never
leads to a 404, and changing a page's rule changes the workspace with it. Which tools a
role's section lists is presentation: the workflow of that role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ImproperlyConfigured
from django.urls import resolve, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import Role
from seafarers_home.permissions.decorators import view_permission
from seafarers_home.permissions.roles import (
    Predicate,
    is_admin,
    is_clinician,
    is_company_officer,
    is_counsellor,
    is_legal_worker,
    is_training_officer,
    is_union_staff,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


@dataclass(frozen=True)
class Tool:
    label: Promise
    url: str


@dataclass(frozen=True)
class Section:
    role: str
    title: Promise
    tools: tuple[Tool, ...] = ()
    note: Promise | None = None


@dataclass(frozen=True)
class _Plan:
    role: str
    holds: Predicate
    title: Promise
    tools: tuple[tuple[Promise, str], ...]  # (label, URL name)
    note: Promise | None = None


# In the order shown.
PLANS: tuple[_Plan, ...] = (
    _Plan(
        Role.COMPANY_OFFICER,
        is_company_officer,
        _("企业/企业工会专员"),
        (
            (_("本企业船员名单"), "organisations:company_crew"),
            (_("本企业船舶"), "organisations:vessel_list"),
            (_("登记新船舶"), "organisations:vessel_create"),
            (_("心理CT筛查活动"), "screening:campaign_list"),
            (_("船员健康入职结论"), "screening:crew_clearances"),
            (_("航次与出海准备"), "voyages:list"),
            (_("本企业海员活动"), "activities:manage"),
            (_("活动与培训统计"), "activities:statistics"),
            (_("本企业招聘岗位"), "jobs:manage"),
        ),
    ),
    _Plan(
        Role.UNION_STAFF,
        is_union_staff,
        _("工会工作人员"),
        (
            (_("机构总览"), "organisations:overview"),
            (_("各企业船员"), "organisations:company_crew"),
            (_("各企业船舶"), "organisations:vessel_list"),
            (_("心理CT筛查活动与统计"), "screening:campaign_list"),
            (_("船员健康入职结论"), "screening:crew_clearances"),
            (_("在线咨询统计"), "inquiries:stats"),
            (_("各企业航次"), "voyages:list"),
            (_("关怀项目看板"), "voyages:dashboard"),
            (_("热线运行情况"), "hotline:supervisor"),
            (_("紧急远程会诊"), "consultations:urgent_list"),
            (_("重大事件响应"), "incidents:list"),
            (_("海员活动管理"), "activities:manage"),
            (_("活动与培训统计"), "activities:statistics"),
            (_("招聘岗位审核"), "jobs:review_queue"),
            (_("招聘企业资质"), "jobs:companies"),
            (_("招聘统计"), "jobs:stats"),
            (_("维权统计"), "rights:statistics"),
            (_("法律工作者值班"), "rights:roster"),
        ),
    ),
    _Plan(
        Role.LEGAL_WORKER,
        is_legal_worker,
        _("法律工作者"),
        (
            (_("维权案件队列"), "rights:work_queue"),
            (_("法律咨询时间与预约"), "consultations:legal_hours"),
            (_("维权统计"), "rights:statistics"),
        ),
    ),
    _Plan(
        Role.TRAINING_OFFICER,
        is_training_officer,
        _("培训机构专员"),
        (
            (_("课程与报名管理"), "courses:manage"),
            (_("活动与培训统计"), "activities:statistics"),
        ),
    ),
    _Plan(
        Role.CLINICIAN,
        is_clinician,
        _("医生"),
        (
            (_("危机警报"), "alerts:list"),
            (_("心理CT复核队列"), "screening:review_queue"),
            (_("在线咨询待回复"), "inquiries:queue"),
            (_("绿色通道今日名单"), "voyages:clinic_day"),
            (_("发布门诊号源"), "voyages:clinic_slots"),
            (_("远程咨询出诊时间与预约"), "consultations:availability"),
            (_("紧急远程会诊"), "consultations:urgent_list"),
            (_("热线排班"), "hotline:roster"),
            (_("重大事件响应"), "incidents:list"),
        ),
    ),
    _Plan(
        Role.COUNSELLOR,
        is_counsellor,
        _("热线咨询员"),
        (
            (_("热线工作台"), "hotline:console"),
            (_("登记热线电话"), "hotline:log_call"),
            (_("归港14天随访"), "voyages:follow_ups"),
            (_("热线排班"), "hotline:roster"),
            (_("热线运行情况"), "hotline:supervisor"),
            (_("紧急远程会诊"), "consultations:urgent_list"),
            (_("重大事件响应"), "incidents:list"),
        ),
    ),
    _Plan(
        Role.ADMINISTRATOR,
        is_admin,
        _("管理员"),
        (
            (_("后台管理"), "admin:index"),
            (_("审计日志"), "audit:list"),
            (_("机构总览"), "organisations:overview"),
        ),
    ),
)

# Pages whose views cannot carry a predicate, and the rule that stands for theirs: Django's
# admin site, and the audit trail viewer (audit sits below accounts, and so below this
# vocabulary: it checks the administrator role itself).
EXTERNAL_PERMISSIONS: dict[str, Predicate] = {"admin:index": is_admin, "audit:list": is_admin}


def tool_permission(url_name: str) -> Predicate:
    """Who may open the tool's page: its view's own predicate."""
    if url_name in EXTERNAL_PERMISSIONS:
        return EXTERNAL_PERMISSIONS[url_name]
    permission = view_permission(resolve(reverse(url_name)).func)
    if permission is None:
        raise ImproperlyConfigured(f"{url_name} is in the workspace but its view declares no rule")
    return permission


def workspace_sections(user: User) -> list[Section]:
    """Sections in a fixed order, only for roles the person acts in, each with the tools
    their pages let this person open; every link points at a page that exists."""
    sections: list[Section] = []
    for plan in PLANS:
        if not plan.holds(user):
            continue
        tools = tuple(
            Tool(label, reverse(name)) for label, name in plan.tools if tool_permission(name)(user)
        )
        sections.append(Section(plan.role, plan.title, tools, plan.note))
    return _each_link_once(sections)


def _each_link_once(sections: list[Section]) -> list[Section]:
    """A person with several roles (a clinician who also takes hotline shifts) sees each tool
    once, under the first of their roles that has it."""
    seen: set[str] = set()
    result = []
    for section in sections:
        tools = tuple(tool for tool in section.tools if tool.url not in seen)
        seen.update(tool.url for tool in tools)
        if tools or section.note:
            result.append(Section(section.role, section.title, tools, section.note))
    return result
