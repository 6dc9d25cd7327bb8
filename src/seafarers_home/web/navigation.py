"""The staff workspace: for each role a person holds, the tools that exist today."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import Role


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


def workspace_sections(roles: frozenset[str]) -> list[Section]:
    """Sections in a fixed order, only for roles held. Every link points at a page that
    exists; roles whose tools come with later services say so instead."""
    sections: list[Section] = []
    if Role.COMPANY_OFFICER in roles:
        sections.append(
            Section(
                Role.COMPANY_OFFICER,
                _("企业/企业工会专员"),
                (
                    Tool(_("本企业船员名单"), reverse("organisations:company_crew")),
                    Tool(_("本企业船舶"), reverse("organisations:vessel_list")),
                    Tool(_("登记新船舶"), reverse("organisations:vessel_create")),
                    Tool(_("心理CT筛查活动"), reverse("screening:campaign_list")),
                    Tool(_("船员健康入职结论"), reverse("screening:crew_clearances")),
                    Tool(_("航次与出海准备"), reverse("voyages:list")),
                ),
            )
        )
    if Role.UNION_STAFF in roles:
        sections.append(
            Section(
                Role.UNION_STAFF,
                _("工会工作人员"),
                (
                    Tool(_("机构总览"), reverse("organisations:overview")),
                    Tool(_("各企业船员"), reverse("organisations:company_crew")),
                    Tool(_("各企业船舶"), reverse("organisations:vessel_list")),
                    Tool(_("心理CT筛查活动与统计"), reverse("screening:campaign_list")),
                    Tool(_("船员健康入职结论"), reverse("screening:crew_clearances")),
                    Tool(_("在线咨询统计"), reverse("inquiries:stats")),
                    Tool(_("各企业航次"), reverse("voyages:list")),
                    Tool(_("关怀项目看板"), reverse("voyages:dashboard")),
                    Tool(_("热线运行情况"), reverse("hotline:supervisor")),
                    Tool(_("紧急远程会诊"), reverse("consultations:urgent_list")),
                ),
                _("项目运营、活动和维权工具将随相应服务上线。"),
            )
        )
    if Role.CLINICIAN in roles:
        sections.append(
            Section(
                Role.CLINICIAN,
                _("医生"),
                (
                    Tool(_("危机警报"), reverse("alerts:list")),
                    Tool(_("心理CT复核队列"), reverse("screening:review_queue")),
                    Tool(_("在线咨询待回复"), reverse("inquiries:queue")),
                    Tool(_("绿色通道今日名单"), reverse("voyages:clinic_day")),
                    Tool(_("发布门诊号源"), reverse("voyages:clinic_slots")),
                    Tool(_("远程咨询出诊时间与预约"), reverse("consultations:availability")),
                    Tool(_("紧急远程会诊"), reverse("consultations:urgent_list")),
                    Tool(_("热线排班"), reverse("hotline:roster")),
                ),
            )
        )
    if Role.COUNSELLOR in roles:
        sections.append(
            Section(
                Role.COUNSELLOR,
                _("热线咨询员"),
                (
                    Tool(_("热线工作台"), reverse("hotline:console")),
                    Tool(_("登记热线电话"), reverse("hotline:log_call")),
                    Tool(_("归港14天随访"), reverse("voyages:follow_ups")),
                    Tool(_("热线排班"), reverse("hotline:roster")),
                    Tool(_("热线运行情况"), reverse("hotline:supervisor")),
                    Tool(_("紧急远程会诊"), reverse("consultations:urgent_list")),
                ),
            )
        )
    if Role.ADMINISTRATOR in roles:
        sections.append(
            Section(
                Role.ADMINISTRATOR,
                _("管理员"),
                (
                    Tool(_("后台管理"), reverse("admin:index")),
                    Tool(_("审计日志"), reverse("audit:list")),
                    Tool(_("机构总览"), reverse("organisations:overview")),
                ),
            )
        )
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
