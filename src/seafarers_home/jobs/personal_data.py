"""Job applications, their messages and saved searches as personal data (PIPL arts. 45 and
47). Registered from JobsConfig.ready(). The postings are the companies'."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.jobs.models import Application, PostingReport, SavedSearch

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def export_applications(user: User) -> list[dict[str, Any]]:
    rows = (
        Application.objects.filter(seafarer=user)
        .select_related("posting__company", "version")
        .prefetch_related("messages")
        .order_by("pk")
    )
    return [
        {
            "company": application.posting.company.name,
            "terms": application.version.terms,
            "status": application.status,
            "name": application.name,
            "rank": application.rank,
            "sea_service_months": application.sea_service_months,
            "languages": application.languages,
            "shared_certificates": application.shared_certificates,
            "applied_at": application.created_at.isoformat(),
            "messages": [
                {
                    "from_company": message.from_company,
                    "body": message.body,
                    "at": message.created_at.isoformat(),
                }
                for message in application.messages.all()
            ],
        }
        for application in rows
    ]


def erase_applications(user: User) -> None:
    Application.objects.filter(seafarer=user).delete()


def export_searches(user: User) -> list[dict[str, Any]]:
    return [
        {
            "rank": search.rank,
            "vessel_type": search.vessel_type,
            "area": search.area,
            "wage_from": search.wage_from,
            "saved_at": search.created_at.isoformat(),
        }
        for search in SavedSearch.objects.filter(seafarer=user).order_by("pk")
    ]


def erase_searches(user: User) -> None:
    SavedSearch.objects.filter(seafarer=user).delete()


def export_reports(user: User) -> list[dict[str, Any]]:
    return [
        {
            "company": report.posting.company.name,
            "reason": report.reason,
            "details": report.details,
            "reported_at": report.created_at.isoformat(),
        }
        for report in PostingReport.objects.filter(seafarer=user).select_related("posting__company")
    ]


def erase_reports(user: User) -> None:
    PostingReport.objects.filter(seafarer=user).delete()


def register_personal_data() -> None:
    register_personal_data_type(
        "job_applications",
        gettext_lazy("岗位投递"),
        export=export_applications,
        erase=erase_applications,
        help_text=gettext_lazy(
            "您投递的岗位:投递时的招聘条件、您填写的简历、您选择提供的证书、状态和留言。"
            "删除时全部删除。"
        ),
        models=("jobs.Application", "jobs.ApplicationMessage"),
    )
    register_personal_data_type(
        "job_searches",
        gettext_lazy("岗位订阅"),
        export=export_searches,
        erase=erase_searches,
        help_text=gettext_lazy("您保存的岗位筛选条件。删除时全部删除。"),
        models=("jobs.SavedSearch",),
    )
    register_personal_data_type(
        "job_reports",
        gettext_lazy("岗位举报"),
        export=export_reports,
        erase=erase_reports,
        help_text=gettext_lazy("您对招聘岗位的举报:问题和详细情况。删除时全部删除。"),
        models=("jobs.PostingReport",),
    )
