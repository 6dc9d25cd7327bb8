"""维权保障. The start page is for everyone signed in (a seafarer's own cases on it, never
anyone else's); reporting is for seafarers; the case is OWNER's, assigned to the partner law
firm of the persona legal_worker, so the other seafarer, everyone else and every company
officer get 404 on it. The queue and the case's working pages are the legal workers'."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.utils import timezone
from PIL import Image

from seafarers_home.rights.actions.reporting import do_add_evidence, do_submit_case
from seafarers_home.rights.models import Claimant, LegalAidApplication, LegalDutyShift, RightsCase
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, SIGNED_IN, Rule
from tests.personas import World

LEGAL = frozenset({"legal_worker"})


def _case(world: World) -> dict[str, Any]:
    case = do_submit_case(
        world.consented_seafarer,
        category="other",
        summary="matrix",
        description="船东扣了我的海员证,一直不还。",
        values={"known_date": "2026-01-05"},
    )
    case.law_firm = world.law_firm
    case.save(update_fields=["law_firm"])
    return {"pk": case.pk}


def _evidence(world: World) -> dict[str, Any]:
    kwargs = _case(world)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), "navy").save(out, "JPEG")
    case = RightsCase.objects.get(pk=kwargs["pk"])
    do_add_evidence(case, world.consented_seafarer, [out.getvalue()])
    return {**kwargs, "evidence_pk": case.evidence.get().pk}


def _decided_aid(world: World) -> dict[str, Any]:
    kwargs = _case(world)
    LegalAidApplication.objects.create(
        case_id=kwargs["pk"],
        applicant=world.consented_seafarer,
        hardship="yes",
        employer_reachable="no",
        statement="请不起律师。",
        decision="rejected",
        reason="matrix",
    )
    return kwargs


def _aid(world: World) -> dict[str, Any]:
    kwargs = _case(world)
    LegalAidApplication.objects.create(
        case_id=kwargs["pk"],
        applicant=world.consented_seafarer,
        hardship="yes",
        employer_reachable="no",
        statement="请不起律师。",
    )
    return kwargs


def _pending_claim(world: World) -> dict[str, Any]:
    """A crew case of ``seafarer``'s that a legal worker added OWNER to (not confirmed yet)."""
    case = do_submit_case(
        world.seafarer,
        category="wage_arrears",
        summary="matrix",
        description="公司拖欠三个月工资,一直不发。",
        values={
            "employer": "东海远洋船务有限公司",
            "known_date": "2026-01-05",
            "months_owed": "3",
            "amount_owed": "36000",
            "amount_owed_currency": "CNY",
        },
    )
    claim = Claimant.objects.create(case=case, seafarer=world.consented_seafarer)
    return {"pk": claim.pk}


def _duty_shift(world: World) -> dict[str, Any]:
    officer = world.legal_worker
    now = timezone.now()
    shift = LegalDutyShift.objects.create(
        worker=officer, starts_at=now, ends_at=now + timedelta(hours=8)
    )
    return {"pk": shift.pk}


def _case_id(world: World) -> dict[str, Any]:
    return {"case_id": _case(world)["pk"]}


OWNS = {"not_theirs": frozenset({OTHER_SEAFARER}), "kwargs": _case}

RULES = {
    "rights:home": Rule(allowed=SIGNED_IN),
    "rights:choose": Rule(allowed=SEAFARERS),
    "rights:join": Rule(allowed=SEAFARERS),
    "rights:report": Rule(allowed=SEAFARERS, kwargs=lambda world: {"code": "wage_arrears"}),
    "rights:case": Rule(allowed=frozenset({OWNER}), **OWNS),
    # an empty reply or an upload without a file is refused with the page (400)
    "rights:reply": Rule(allowed=frozenset({OWNER}), method="post", allowed_answer=400, **OWNS),
    "rights:upload": Rule(allowed=frozenset({OWNER}), method="post", allowed_answer=400, **OWNS),
    "rights:evidence": Rule(
        allowed=frozenset({OWNER, "legal_worker"}),
        not_theirs=frozenset({OTHER_SEAFARER}),
        kwargs=_evidence,
    ),
    "rights:legal_aid": Rule(allowed=frozenset({OWNER}), **OWNS),
    "rights:legal_aid_notice": Rule(
        allowed=frozenset({OWNER}), not_theirs=frozenset({OTHER_SEAFARER}), kwargs=_decided_aid
    ),
    "rights:work_queue": Rule(allowed=LEGAL),
    # a law-firm lawyer may open the case but not decide: back to the case page (302)
    "rights:work_legal_aid": Rule(allowed=LEGAL, method="post", kwargs=_aid),
    "rights:work_case": Rule(allowed=LEGAL, kwargs=_case),
    "rights:work_claim": Rule(allowed=LEGAL, method="post", kwargs=_case),
    # no firm chosen, no entry written: the case page with the error (400)
    "rights:work_assign": Rule(allowed=LEGAL, method="post", kwargs=_case, allowed_answer=400),
    "rights:work_entry": Rule(allowed=LEGAL, method="post", kwargs=_case, allowed_answer=400),
    "rights:work_status": Rule(allowed=LEGAL, method="post", kwargs=_case),
    # crewmates from the vessel's crew records: the page for a worker who may open the case
    # (the crew list only for its holder); a confirmation only for the crewmate asked
    "rights:work_crew": Rule(allowed=LEGAL, kwargs=_case),
    "rights:claim": Rule(
        allowed=frozenset({OWNER}), not_theirs=frozenset({OTHER_SEAFARER}), kwargs=_pending_claim
    ),
    # the legal workers' duty roster, kept by the union's staff
    "rights:roster": Rule(allowed=frozenset({"union_staff"})),
    "rights:roster_remove": Rule(
        allowed=frozenset({"union_staff"}), method="post", kwargs=_duty_shift
    ),
    # counts only, for the union (its staff and rights officers), never a company
    "rights:statistics": Rule(allowed=frozenset({"union_staff"})),
    # 普法 is for anyone to read
    "rights:learn": Rule(public=True),
    "rights:article": Rule(public=True, kwargs=lambda world: {"slug": "abandonment"}),
    # The API: seafarers only (403 and a code for anyone else)
    "api:rights_categories": Rule(public=True),
    "api:rights_cases": Rule(allowed=SEAFARERS, refused=403),
    # the writes: the matrix's empty body is refused by the schema (422) once the caller is
    # known to be a seafarer; someone else's case is 404 (tests/rights/test_api_writes.py)
    "api:rights_open": Rule(allowed=SEAFARERS, method="post", refused=403, allowed_answer=422),
    "api:rights_join": Rule(allowed=SEAFARERS, method="post", refused=403, allowed_answer=422),
    "api:rights_message": Rule(
        allowed=SEAFARERS, method="post", refused=403, allowed_answer=422, kwargs=_case_id
    ),
    # No file is the case's own refusal (409), asked after ownership: other seafarers get 404.
    "api:rights_evidence": Rule(
        allowed=SEAFARERS,
        method="post",
        refused=403,
        allowed_answer=409,
        kwargs=_case_id,
        not_theirs=frozenset({"seafarer", OTHER_SEAFARER}),
    ),
    "api:rights_legal_aid": Rule(
        allowed=SEAFARERS, method="post", refused=403, allowed_answer=422, kwargs=_case_id
    ),
}
