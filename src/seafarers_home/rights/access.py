"""Who may open which rights case (issue 11 item 10).

A seafarer opens their own cases (drafts included). A legal worker of the union (a grant at a
union federation or the seafarers' union) opens every submitted case; a legal worker of a
partner law firm opens the submitted cases assigned to their firm. Everyone else — other
seafarers, other firms, clinicians, union staff, company officers (a case is often against
their own company) — gets 404, never 403, so that nobody learns that a case exists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from seafarers_home.accounts.models import Role
from seafarers_home.permissions.roles import is_legal_worker, is_signed_in, is_union_staff
from seafarers_home.rights.models import Claimant, Evidence, RightsCase, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User
    from seafarers_home.organisations.models import Organisation

UNION_KINDS = frozenset({"city_federation", "industrial_union"})


def _legal_organisations(user: User) -> list[Organisation]:
    grants = user.role_grants.filter(
        role=Role.LEGAL_WORKER, organisation__isnull=False
    ).select_related("organisation")
    return [grant.organisation for grant in grants if grant.organisation is not None]


def is_union_rights_officer(user: User | AnonymousUser) -> bool:
    """A legal worker of the union itself: sees every case, assigns them to law firms."""
    if not is_legal_worker(user):
        return False
    return any(org.kind in UNION_KINDS for org in _legal_organisations(user))  # type: ignore[arg-type]


def sees_rights_statistics(user: User | AnonymousUser) -> bool:
    """The union's staff (of the federation or the seafarers' union, not of a company's own
    union) and its rights officers: the counts of the statistics page, never a case."""
    if is_union_rights_officer(user):
        return True
    if not is_union_staff(user):
        return False
    grants = user.role_grants.filter(  # type: ignore[union-attr]
        role=Role.UNION_STAFF, organisation__kind__in=UNION_KINDS
    )
    return grants.exists()


def law_firms_of(user: User | AnonymousUser) -> list[Organisation]:
    if not is_legal_worker(user):
        return []
    return [org for org in _legal_organisations(user) if org.kind == "law_firm"]  # type: ignore[arg-type]


def cases_for_worker(user: User | AnonymousUser) -> QuerySet[RightsCase]:
    """The submitted cases a legal worker may open (none for anyone else)."""
    submitted = RightsCase.objects.exclude(status=Status.DRAFT)
    if is_union_rights_officer(user):
        return submitted
    firms = law_firms_of(user)
    if firms:
        return submitted.filter(law_firm__in=firms)
    return RightsCase.objects.none()


def get_case_for_worker(user: User | AnonymousUser, pk: int) -> RightsCase:
    case = cases_for_worker(user).select_related("seafarer", "owner", "law_firm").filter(pk=pk)
    found = case.first()
    if found is None:
        raise Http404
    return found


def get_own_case(user: User | AnonymousUser, pk: int) -> RightsCase:
    if not is_signed_in(user):
        raise Http404
    found = RightsCase.objects.filter(Q(pk=pk) & Q(seafarer=user)).first()
    if found is None:
        raise Http404
    return found


def get_case_for_seafarer(user: User | AnonymousUser, pk: int) -> RightsCase:
    """A case the seafarer opened or joined as a crewmate (crew.py)."""
    if not is_signed_in(user):
        raise Http404
    found = (
        RightsCase.objects.filter(pk=pk)
        .filter(
            Q(seafarer=user) | Q(claimants__seafarer=user, claimants__consented_at__isnull=False)
        )
        .exclude(~Q(seafarer=user) & Q(status=Status.DRAFT))
        .first()
    )
    if found is None:
        raise Http404
    return found


def get_evidence_for_user(user: User | AnonymousUser, pk: int, evidence_pk: int) -> Evidence:
    """A file of case ``pk``, for its seafarer or a legal worker who may open the case."""
    if not is_signed_in(user):
        raise Http404
    case = RightsCase.objects.filter(pk=pk, seafarer=user).first()
    if case is None:
        case = cases_for_worker(user).filter(pk=pk).first()
    if case is None:
        raise Http404
    evidence = Evidence.objects.filter(pk=evidence_pk, case=case).first()
    if evidence is None:
        raise Http404
    evidence.case = case
    return evidence


def get_pending_claim(user: User | AnonymousUser, pk: int) -> Claimant:
    """A crew case a legal worker added ``user`` to, waiting for them to confirm (crew.py)."""
    if not is_signed_in(user):
        raise Http404
    found = (
        Claimant.objects.filter(pk=pk, seafarer=user, consented_at__isnull=True)
        .select_related("case", "added_by")
        .first()
    )
    if found is None:
        raise Http404
    return found
