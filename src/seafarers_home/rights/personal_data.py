"""A seafarer's rights cases as a type of personal data (PIPL arts. 45 and 47).

Export: every case with its details, its timeline as the seafarer sees it, and the evidence
(base64, as stored).

Erasure: drafts and cases no legal worker has taken up yet (received, unclaimed) are deleted
with their evidence. A case a legal worker has worked on is the record of legal work done for
the seafarer — it may be in mediation, arbitration or court, or be needed to prove what was
recovered — and is kept, visible to the seafarer, until it is closed and its retention period
ends; its internal notes are never exported (they are the legal worker's work product).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.rights.models import Claimant, LegalAidApplication, RightsCase, Status

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_cases(user: User) -> dict[str, Any]:
    return {"opened": _export_opened(user), "joined": export_claims(user)}


def _export_opened(user: User) -> list[dict[str, Any]]:
    rows = []
    cases = RightsCase.objects.filter(seafarer=user).prefetch_related("entries", "evidence")
    for case in cases.order_by("created_at", "pk"):
        rows.append(
            {
                "id": case.pk,
                "created_at": _iso(case.created_at),
                "submitted_at": _iso(case.submitted_at),
                "category": case.category,
                "summary": case.summary,
                "description": case.description,
                "details": dict(case.details),
                "status": case.status,
                "amount_recovered": str(case.amount_recovered or ""),
                "legal_aid": _legal_aid(case),
                "recovered_currency": case.recovered_currency,
                "timeline": [
                    {
                        "at": _iso(entry.created_at),
                        "kind": entry.kind,
                        "by": "self" if entry.author_id == user.pk else "legal_worker",
                        "body": entry.body,
                        "status": entry.to_status,
                    }
                    for entry in case.entries.all()
                    if entry.visible_to_seafarer
                ],
                "evidence": [
                    {
                        "kind": item.kind,
                        "at": _iso(item.created_at),
                        "base64": base64.b64encode(bytes(item.content)).decode("ascii"),
                    }
                    for item in case.evidence.all()
                ],
            }
        )
    return rows


def _legal_aid(case: RightsCase) -> dict[str, Any] | None:
    application = LegalAidApplication.objects.filter(case=case).first()
    if application is None:
        return None
    return {
        "applied_at": _iso(application.created_at),
        "hardship": application.hardship,
        "monthly_income": str(application.monthly_income or ""),
        "employer_reachable": application.employer_reachable,
        "statement": application.statement,
        "decision": application.decision,
        "reason": application.reason,
        "decided_at": _iso(application.decided_at),
    }


def export_claims(user: User) -> list[dict[str, Any]]:
    return [
        {
            "case": claim.case_id,
            "joined_at": _iso(claim.consented_at),
            "amount_owed": str(claim.amount_owed or ""),
            "currency": claim.currency,
        }
        for claim in Claimant.objects.filter(seafarer=user).order_by("pk")
    ]


def erase_cases(user: User) -> None:
    untouched = Q(status=Status.DRAFT) | Q(status=Status.RECEIVED, owner__isnull=True)
    RightsCase.objects.filter(seafarer=user).filter(untouched).delete()
    Claimant.objects.filter(seafarer=user).filter(
        Q(case__status=Status.RECEIVED, case__owner__isnull=True) | Q(consented_at__isnull=True)
    ).delete()


def case_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in RightsCase.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("rights.rightscase", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "rights_cases",
        gettext_lazy("维权案件"),
        export=export_cases,
        erase=erase_cases,
        audit_targets=case_targets,
        help_text=gettext_lazy(
            "您报告或加入的维权案件:填写的情况、被拖欠的金额、上传的照片和文件、法律援助申请,"
            "以及和法律工作者的往来消息。"
            "删除时,草稿和还没有法律工作者处理的案件会被删除;已经有法律工作者办理的案件"
            "(可能正在调解、仲裁或诉讼中,或需要证明追回的款项)属于法律服务记录,会保留,"
            "您仍然可以查看。"
        ),
        models=(
            "rights.RightsCase",
            "rights.CaseEntry",
            "rights.Evidence",
            "rights.Claimant",
            "rights.LegalAidApplication",
        ),
    )
