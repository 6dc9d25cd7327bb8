"""Who may open which screening. Seafarers see their own; clinicians see any (their reads are
audited by the views); everyone else — company officers, union staff, counsellors — gets 404,
never 403, so that nobody learns that a screening exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.permissions.roles import is_clinician, is_signed_in
from seafarers_home.screening.models import Response, Screening

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_screening_for_user(user: User, pk: int) -> Screening:
    if not is_signed_in(user):
        raise Http404
    screening = (
        Screening.objects.select_related("seafarer", "battery", "campaign").filter(pk=pk).first()
    )
    if screening is None:
        raise Http404
    if screening.seafarer_id == user.pk or is_clinician(user):
        return screening
    raise Http404


def get_response_for_user(user: User, pk: int) -> Response:
    if not is_signed_in(user):
        raise Http404
    response = Response.objects.select_related("screening", "seafarer").filter(pk=pk).first()
    if response is None:
        raise Http404
    if response.seafarer_id == user.pk or is_clinician(user):
        return response
    raise Http404
