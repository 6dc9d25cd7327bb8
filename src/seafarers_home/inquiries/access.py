"""Who may open which question of the message board (issue 4, item 6).

A question is visible to the seafarer who asked it and to clinicians (their reads are audited
by the views that show them). Everyone else — union staff, company officers, counsellors, other
seafarers — gets 404, never 403, so that nobody learns that a question exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.inquiries.models import Question, QuestionPhoto
from seafarers_home.lib.one_row import one_or_none
from seafarers_home.permissions.owned import own_or_404
from seafarers_home.permissions.roles import is_clinician, is_signed_in

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_question_for_user(user: User, pk: int) -> Question:
    if not is_signed_in(user):
        raise Http404
    question = one_or_none(Question.objects.select_related("seafarer", "claimed_by").filter(pk=pk))
    if question is None:
        raise Http404
    if question.seafarer_id == user.pk or is_clinician(user):
        return question
    raise Http404


def get_own_question(user: User, pk: int) -> Question:
    """The seafarer's own question (clinicians read questions on their own pages). Nothing
    joined: the seafarer's pages show neither the author (themselves) nor the claiming
    clinician."""
    return own_or_404(Question, user, pk)


def get_photo_for_user(user: User, pk: int, photo_pk: int) -> QuestionPhoto:
    """A photo of question ``pk``, for the question's author or a clinician."""
    question = get_question_for_user(user, pk)
    photo = one_or_none(QuestionPhoto.objects.filter(pk=photo_pk, question=question))
    if photo is None:
        raise Http404
    photo.question = question
    return photo
