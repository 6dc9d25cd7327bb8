"""Who is told what, after the write commits: the seafarer of each change of their
application and each company message; the company's officers of each new application and
seafarer message (inbox only); a saved search's owner of a newly published match."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.jobs.models import Application, Posting, SavedSearch
from seafarers_home.notifications.actions import do_send_notification


def _after_commit(send: Callable[[], object]) -> None:
    transaction.on_commit(send, robust=True)


def notify_seafarer(application: Application, kind: str, message: Promise, key: str) -> None:
    seafarer = application.seafarer
    params = {
        "rank": str(application.posting.get_rank_display()),
        "company": application.posting.company.name,
    }
    url = reverse("jobs:application", kwargs={"pk": application.pk})
    _after_commit(
        lambda: do_send_notification(
            seafarer,
            kind=f"jobs.{kind}",
            message=message,
            params=params,
            url=url,
            dedupe_key=f"jobs.{key}",
        )
    )


def company_officers(posting: Posting) -> list[User]:
    company = posting.company
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.COMPANY_OFFICER,
            role_grants__organisation__in=[company, *company.children.all()],
        ).distinct()
    )


def notify_company(application: Application, kind: str, message: Promise, key: str) -> None:
    officers = company_officers(application.posting)
    params = {"rank": str(application.posting.get_rank_display())}
    url = reverse("jobs:officer_application", kwargs={"pk": application.pk})

    def send() -> None:
        for officer in officers:
            do_send_notification(
                officer,
                kind=f"jobs.{kind}",
                message=message,
                params=params,
                url=url,
                dedupe_key=f"jobs.{key}",
                sms=False,
            )

    _after_commit(send)


MATCH_MESSAGE = gettext_lazy("您订阅的岗位有新发布:%(rank)s,%(area)s。")


def notify_saved_searches(posting: Posting) -> None:
    """Each seafarer whose saved search the newly published posting matches, once."""
    searches = SavedSearch.objects.select_related("seafarer")
    matches = {}
    for search in searches.filter(rank__in=["", posting.rank]).filter(
        vessel_type__in=["", posting.vessel_type]
    ):
        if search.area and search.area not in posting.area:
            continue
        if search.wage_from and posting.wage_max < search.wage_from:
            continue
        matches[search.seafarer_id] = search.seafarer
    params = {"rank": str(posting.get_rank_display()), "area": posting.area}
    url = reverse("jobs:posting", kwargs={"pk": posting.pk})

    def send() -> None:
        for seafarer in matches.values():
            do_send_notification(
                seafarer,
                kind="jobs.match",
                message=MATCH_MESSAGE,
                params=params,
                url=url,
                dedupe_key=f"jobs.match.{posting.pk}",
            )

    _after_commit(send)
