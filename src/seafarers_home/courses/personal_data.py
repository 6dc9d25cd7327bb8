"""Training applications as personal data (PIPL arts. 45 and 47). Registered from
CoursesConfig.ready(). A seafarer's applications (with the certificates they shared and their
document photos) are exported and erased whole; the courses and sessions are the providers'."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.courses.actions.offers import promote_waiting
from seafarers_home.courses.models import Application, CourseSession

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def export_applications(user: User) -> list[dict[str, Any]]:
    rows = (
        Application.objects.filter(seafarer=user)
        .select_related("session__course__provider")
        .order_by("pk")
    )
    return [
        {
            "course": application.session.course.title,
            "provider": application.session.course.provider.name,
            "starts_on": application.session.starts_on.isoformat(),
            "status": application.status,
            "note": application.note,
            "shared_certificates": application.shared_certificates,
            "decline_reason": application.decline_reason,
            "documents": application.documents.count(),
            "applied_at": application.created_at.isoformat(),
        }
        for application in rows
    ]


def erase_applications(user: User) -> None:
    """Delete them all; a seat one of them held goes to the session's oldest waiting."""
    held = set(
        Application.objects.filter(
            seafarer=user, status__in=(Application.Status.APPROVED, Application.Status.OFFERED)
        ).values_list("session_id", flat=True)
    )
    with transaction.atomic():
        Application.objects.filter(seafarer=user).delete()
        for session in CourseSession.objects.select_for_update().filter(pk__in=held):
            promote_waiting(session)


def register_personal_data() -> None:
    register_personal_data_type(
        "course_applications",
        gettext_lazy("培训报名"),
        export=export_applications,
        erase=erase_applications,
        help_text=gettext_lazy(
            "您的培训报名:课程、状态、留言、报名时提供的证书信息和材料照片。删除时全部删除。"
        ),
        models=("courses.Application", "courses.ApplicationDocument"),
    )
