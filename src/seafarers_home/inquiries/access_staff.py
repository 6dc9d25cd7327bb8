"""Who may use the staff side of the message board. Clinicians answer; union staff and
administrators see statistics only. Everyone else gets 404, never 403, so that nobody learns
that a question exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.inquiries.models import AnswerTemplate, Question
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_clinician

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_question_for_clinician(user: User, pk: int) -> Question:
    """Any question, for a clinician; 404 for everyone else (the author has the seafarer's view
    of the thread, union staff see statistics only). The caller audits the read."""
    require(is_clinician, user)
    question = Question.objects.select_related("seafarer", "claimed_by").filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


def get_own_template(user: User, pk: int) -> AnswerTemplate:
    """One of the clinician's own answer templates; 404 for anyone else's."""
    require(is_clinician, user)
    template = AnswerTemplate.objects.filter(pk=pk, owner_id=user.pk).first()
    if template is None:
        raise Http404
    return template
