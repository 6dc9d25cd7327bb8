"""Who may open which posting and application.

A company officer acts only for their own company (``organisations.access.officer_companies``):
another company's postings and applications answer 404, never 403. Union staff review every
posting. A seafarer sees published postings, any posting they applied to (its advertised terms
are their evidence), and their own applications only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.jobs.models import Application, Posting
from seafarers_home.organisations.access import officer_companies
from seafarers_home.permissions.roles import is_seafarer, is_union_staff

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def officer_company_ids(user: User | AnonymousUser) -> list[int]:
    return [company.pk for company in officer_companies(user)]


def get_posting_for_officer(user: User | AnonymousUser, pk: int) -> Posting:
    posting = (
        Posting.objects.select_related("company", "vessel")
        .filter(pk=pk, company_id__in=officer_company_ids(user))
        .first()
    )
    if posting is None:
        raise Http404
    return posting


def get_posting_for_review(user: User | AnonymousUser, pk: int) -> Posting:
    if not is_union_staff(user):
        raise Http404
    posting = Posting.objects.select_related("company", "vessel").filter(pk=pk).first()
    if posting is None:
        raise Http404
    return posting


def get_visible_posting(user: User | AnonymousUser, pk: int) -> Posting:
    """A published posting, or one the reader applied to, reviews or posted."""
    posting = Posting.objects.select_related("company", "vessel").filter(pk=pk).first()
    if posting is None:
        raise Http404
    if posting.status == Posting.Status.APPROVED:
        return posting
    if is_union_staff(user) or posting.company_id in officer_company_ids(user):
        return posting
    if (
        is_seafarer(user)
        and posting.versions.exists()
        and posting.applications.filter(seafarer_id=user.pk).exists()
    ):
        return posting
    raise Http404


def get_own_application(user: User | AnonymousUser, pk: int) -> Application:
    if not is_seafarer(user):
        raise Http404
    application = (
        Application.objects.select_related("posting__company", "version")
        .filter(pk=pk, seafarer_id=user.pk)
        .first()
    )
    if application is None:
        raise Http404
    return application


def get_application_for_officer(user: User | AnonymousUser, pk: int) -> Application:
    application = (
        Application.objects.select_related("posting__company", "version")
        .filter(pk=pk, posting__company_id__in=officer_company_ids(user))
        .first()
    )
    if application is None:
        raise Http404
    return application
