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
                ),
                _("远程咨询和在线问诊回复的工具将随相应服务上线。"),
            )
        )
    if Role.COUNSELLOR in roles:
        sections.append(
            Section(
                Role.COUNSELLOR,
                _("热线咨询员"),
                note=_("热线排班、来电记录和回拨的工具将随心理热线服务上线。"),
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
    return sections
