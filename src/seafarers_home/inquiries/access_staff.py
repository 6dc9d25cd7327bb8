"""Who may use the staff side of the message board. Clinicians answer; union staff and
administrators see statistics only. Everyone else gets 404, never 403, so that nobody learns
that a question exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404, HttpRequest

from seafarers_home.accounts.models import Role
from seafarers_home.inquiries.models import AnswerTemplate, Question

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def is_clinician(user: User | AnonymousUser) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_role(Role.CLINICIAN)  # type: ignore[attr-defined]
    )


def require_clinician(request: HttpRequest) -> None:
    if not is_clinician(request.user):
        raise Http404


def require_stats_viewer(request: HttpRequest) -> None:
    user = request.user
    if not (
        user.is_authenticated
        and (user.has_role(Role.UNION_STAFF) or user.has_role(Role.ADMINISTRATOR))
    ):
        raise Http404


def get_question_for_clinician(request: HttpRequest, pk: int) -> Question:
    """Any question, for a clinician; 404 for everyone else (the author has the seafarer's view
    of the thread, union staff see statistics only). The caller audits the read."""
    require_clinician(request)
    question = Question.objects.select_related("seafarer", "claimed_by").filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def get_own_template(request: HttpRequest, pk: int) -> AnswerTemplate:
    """One of the clinician's own answer templates; 404 for anyone else's."""
    require_clinician(request)
    template = AnswerTemplate.objects.filter(pk=pk, owner_id=request.user.pk).first()
    if template is None:
        raise Http404
    return template
