"""Who may open which screening. Seafarers see their own; clinicians see any (their reads are
audited by the views); everyone else — company officers, union staff, counsellors — gets 404,
never 403, so that nobody learns that a screening exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.lib.one_row import one_or_none
from seafarers_home.permissions.owned import own_or_404
from seafarers_home.permissions.roles import is_clinician, is_signed_in
from seafarers_home.screening.models import Response, Screening

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_screening_for_user(user: User, pk: int) -> Screening:
    if not is_signed_in(user):
        raise Http404
    screening = one_or_none(
        Screening.objects.select_related("seafarer", "battery", "campaign").filter(pk=pk)
    )
    if screening is None:
        raise Http404
    if screening.seafarer_id == user.pk or is_clinician(user):
        return screening
    raise Http404


def get_own_screening(user: User, pk: int) -> Screening:
    """The seafarer's own screening, for the pages that take it (clinicians read screenings
    on the review pages). Nothing joined: those pages show none of the related rows, and the
    joins were 1.6 ms of the 2.4 ms this read cost on each questionnaire page (issue 20)."""
    return own_or_404(Screening, user, pk)


def get_response_for_user(user: User, pk: int) -> Response:
    if not is_signed_in(user):
        raise Http404
    response = one_or_none(Response.objects.select_related("screening", "seafarer").filter(pk=pk))
    if response is None:
        raise Http404
    if response.seafarer_id == user.pk or is_clinician(user):
        return response
    raise Http404
