"""企业招聘. Published postings are for everyone signed in; seafarers apply, save searches and
see their own applications (OWNER's application answers 404 to the other seafarer). The
posting is company A's: officer_a manages it and its applications, officer_b gets 404 on
them. Union staff review postings and companies' right to post."""

from __future__ import annotations

from typing import Any

from seafarers_home.jobs.actions.applying import do_apply, do_save_search
from tests.jobs.conftest import publish
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, SIGNED_IN, Rule
from tests.personas import World

OFFICERS = frozenset({"officer_a", "officer_b"})
OFFICER_A = frozenset({"officer_a"})
UNION = frozenset({"union_staff"})
NOT_OWNER = frozenset({OTHER_SEAFARER, "seafarer"})
NOT_A = frozenset({"officer_b"})


def _posting(world: World) -> dict[str, Any]:
    return {"pk": publish(world).pk}


def _application(world: World) -> dict[str, Any]:
    application = do_apply(
        world.consented_seafarer,
        publish(world),
        name="张帆",
        rank="fisherman",
        sea_service_months=24,
    )
    return {"pk": application.pk}


def _search(world: World) -> dict[str, Any]:
    return {"pk": do_save_search(world.consented_seafarer, rank="cook").pk}


def _company(world: World) -> dict[str, Any]:
    return {"pk": world.company_a.pk}


RULES = {
    "jobs:list": Rule(allowed=SIGNED_IN),
    "jobs:posting": Rule(allowed=SIGNED_IN, kwargs=_posting),
    "jobs:apply": Rule(allowed=SEAFARERS, method="post", kwargs=_posting, allowed_answer=400),
    "jobs:mine": Rule(allowed=SEAFARERS),
    "jobs:application": Rule(allowed=frozenset({OWNER}), kwargs=_application, not_theirs=NOT_OWNER),
    "jobs:withdraw": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_application, not_theirs=NOT_OWNER
    ),
    "jobs:message": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_application, not_theirs=NOT_OWNER
    ),
    "jobs:search_save": Rule(allowed=SEAFARERS, method="post"),
    "jobs:search_delete": Rule(
        allowed=frozenset({OWNER}), method="post", kwargs=_search, not_theirs=NOT_OWNER
    ),
    "jobs:manage": Rule(allowed=OFFICERS),
    "jobs:posting_new": Rule(allowed=OFFICERS),
    "jobs:posting_edit": Rule(allowed=OFFICERS, kwargs=_posting, not_theirs=NOT_A),
    "jobs:applicants": Rule(allowed=OFFICERS, kwargs=_posting, not_theirs=NOT_A),
    "jobs:export": Rule(allowed=OFFICERS, kwargs=_posting, not_theirs=NOT_A),
    "jobs:officer_application": Rule(allowed=OFFICERS, kwargs=_application, not_theirs=NOT_A),
    "jobs:move": Rule(allowed=OFFICERS, method="post", kwargs=_application, not_theirs=NOT_A),
    "jobs:officer_message": Rule(
        allowed=OFFICERS, method="post", kwargs=_application, not_theirs=NOT_A
    ),
    "jobs:review_queue": Rule(allowed=UNION),
    "jobs:review": Rule(allowed=UNION, kwargs=_posting),
    "jobs:companies": Rule(allowed=UNION),
    "jobs:stats": Rule(allowed=UNION),
    # an empty form is refused with a message on the posting's page (302)
    "jobs:report": Rule(allowed=SEAFARERS, method="post", kwargs=_posting),
    "jobs:fee_case": Rule(allowed=SEAFARERS, method="post", kwargs=_posting),
    "jobs:suspend": Rule(allowed=UNION, method="post", kwargs=_posting),
    "jobs:company_standing": Rule(allowed=UNION, method="post", kwargs=_company),
}


def _posting_id(world: World) -> dict[str, Any]:
    return {"posting_id": publish(world).pk}


def _application_id(world: World) -> dict[str, Any]:
    return {"application_id": _application(world)["pk"]}


RULES |= {
    "api:jobs_postings": Rule(allowed=SEAFARERS, refused=403),
    "api:jobs_posting": Rule(allowed=SEAFARERS, refused=403, kwargs=_posting_id),
    # an empty body (and no Idempotency-Key) is refused (422) once the seafarer is let in
    "api:jobs_apply": Rule(
        allowed=SEAFARERS, method="post", kwargs=_posting_id, refused=403, allowed_answer=422
    ),
    "api:jobs_applications": Rule(allowed=SEAFARERS, refused=403),
    "api:jobs_withdraw": Rule(
        allowed=frozenset({OWNER}),
        method="post",
        kwargs=_application_id,
        refused=403,
        not_theirs=NOT_OWNER,
    ),
}
