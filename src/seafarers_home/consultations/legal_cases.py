"""A legal consultation's link to 维权保障: the only module of consultations that reads the rights
app, so the two stay apart everywhere else.

- The seafarer may link the booking to one of their own submitted cases (a draft is seen by
  nobody else; a crewmate's case is not theirs to share).
- The legal worker sees the linked case, and may log the call on it, only when the rights app
  lets them open that case (``rights.access.cases_for_worker``): holding the slot gives no
  right to a case. The log is the rights app's own timeline action (``do_add_entry`` with a
  phone-call entry), which asks that the worker owns the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from seafarers_home.rights.access import cases_for_worker
from seafarers_home.rights.actions.working import CaseRefused, do_add_entry
from seafarers_home.rights.models import CaseEntry, RightsCase, Status
from seafarers_home.rights.reporting import CaseInvalid

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

__all__ = ["CaseInvalid", "CaseRefused", "case_for_worker", "log_call_on_case", "own_cases"]


def own_cases(seafarer: User) -> list[RightsCase]:
    """The seafarer's own submitted cases, newest first: what a booking may be linked to."""
    return list(
        RightsCase.objects.filter(seafarer=seafarer)
        .exclude(status=Status.DRAFT)
        .order_by("-submitted_at", "-pk")[:50]
    )


def case_for_worker(worker: User, case_id: int | None) -> RightsCase | None:
    """The linked case if the worker may open it in the rights app, else None."""
    if case_id is None:
        return None
    return cases_for_worker(worker).filter(pk=case_id).first()


def log_call_on_case(
    case: RightsCase,
    worker: User,
    *,
    body: str,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> CaseEntry:
    """The call, logged as the case timeline's phone-call entry by the rights app's action
    (idempotent per key; ``CaseRefused`` unless the worker owns the open case, ``CaseInvalid``
    for an empty or overlong text)."""
    return do_add_entry(
        case,
        worker,
        kind=CaseEntry.Kind.PHONE_CALL,
        body=body,
        idempotency_key=idempotency_key,
        request=request,
    )
