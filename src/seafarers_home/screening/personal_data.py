"""心理CT as personal data (PIPL arts. 45 and 47). Registered from ScreeningConfig.ready().

Two types, because the law treats them differently:

- ``screenings``: the seafarer's own answers and scores (with campaign invitations and the
  self-care lessons finished). Erasable: a screening no clinician has reviewed or based a
  clearance on is deleted with its answers. One a clinician has acted on became part of the
  medical record and is kept with the review (the hospital keeps outpatient records at
  least 15 years), linked only to the account, which erasure anonymises.
- ``screening_reviews``: the clinicians' reviews and the fit-for-duty clearances. Medical
  records: exported (when reviewed and the follow-up date; the clinician's note is their
  working record, as in ``consultations.personal_data``), never erased on request.

A crisis alert raised by an erased answer stays (see ``alerts.personal_data``) with its reason
code, not the answers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.screening.band_counts import subtract
from seafarers_home.screening.models import (
    CampaignInvite,
    Clearance,
    LessonCompletion,
    Response,
    Review,
    Screening,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def _response(response: Response) -> dict[str, Any]:
    try:
        answers = json.loads(response.answers or "{}")
    except ValueError:  # stored by hand or damaged: give what is there rather than nothing
        answers = response.answers
    return {
        "id": response.pk,
        "answered_at": _iso(response.created_at),
        "instrument": response.instrument_code,
        "instrument_version": response.instrument_version,
        "answers": answers,
        "total_score": response.total_score,
        "band": response.band,
        "safety_positive": response.safety_positive,
        "risk_level": response.risk_level,
    }


def export_screenings(user: User) -> dict[str, list[dict[str, Any]]]:
    screenings = (
        Screening.objects.filter(seafarer=user)
        .select_related("battery", "campaign")
        .order_by("created_at", "pk")
    )
    responses = Response.objects.filter(seafarer=user).order_by("created_at", "pk")
    by_screening: dict[int | None, list[dict[str, Any]]] = {}
    for response in responses:
        by_screening.setdefault(response.screening_id, []).append(_response(response))
    invites = CampaignInvite.objects.filter(seafarer=user).select_related("campaign")
    lessons = LessonCompletion.objects.filter(user=user).order_by("created_at", "pk")
    return {
        "screenings": [
            {
                "id": screening.pk,
                "started_at": _iso(screening.created_at),
                "battery": screening.battery.code if screening.battery else None,
                "campaign": screening.campaign.title if screening.campaign else None,
                "status": screening.status,
                "completed_at": _iso(screening.completed_at),
                "risk_level": screening.risk_level,
                "reviewed_at": _iso(screening.reviewed_at),
                "responses": by_screening.get(screening.pk, []),
            }
            for screening in screenings
        ],
        # Single instruments outside a battery (the at-sea pulse through the API).
        "single_responses": by_screening.get(None, []),
        "campaign_invitations": [
            {
                "campaign": invite.campaign.title,
                "invited_at": _iso(invite.created_at),
                "completed_at": _iso(invite.completed_at),
            }
            for invite in invites.order_by("created_at", "pk")
        ],
        "lessons_completed": [
            {"lesson": done.lesson_slug, "at": _iso(done.created_at)} for done in lessons
        ],
    }


def kept_screening_ids(user: User) -> set[int]:
    """Screenings that became medical records: reviewed, or the basis of a clearance."""
    acted_on = Q(reviews__isnull=False) | Q(clearances__isnull=False) | Q(reviewed_at__isnull=False)
    return set(
        Screening.objects.filter(seafarer=user).filter(acted_on).values_list("pk", flat=True)
    )


def erase_screenings(user: User) -> None:
    kept = kept_screening_ids(user)
    # Responses first: a response belongs to its screening (CASCADE) or to none (a pulse).
    erased = Response.objects.filter(seafarer=user).exclude(screening_id__in=kept)
    subtract(erased)  # the band reports' counts lose them in the same transaction
    erased.delete()
    Screening.objects.filter(seafarer=user).exclude(pk__in=kept).delete()
    # Kept answers cannot be replayed as a new submission: the idempotency keys go.
    Response.objects.filter(seafarer=user).update(idempotency_key="", payload_hash="")
    CampaignInvite.objects.filter(seafarer=user).delete()
    LessonCompletion.objects.filter(user=user).delete()


def screening_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in Screening.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("screening.screening", str(pk))


def export_reviews(user: User) -> dict[str, list[dict[str, object]]]:
    reviews = Review.objects.filter(screening__seafarer=user).order_by("created_at", "pk")
    clearances = Clearance.objects.filter(seafarer=user).order_by("created_at", "pk")
    return {
        "reviews": [
            {
                "screening": review.screening_id,
                # The clinician's note is their working record, as with consultation notes: the
                # hospital's medical-records office answers requests for it.
                "reviewed_at": review.created_at.isoformat(),
                "follow_up_on": review.follow_up_on.isoformat() if review.follow_up_on else None,
            }
            for review in reviews
        ],
        "clearances": [
            {
                "screening": clearance.screening_id,
                "issued_at": clearance.created_at.isoformat(),
                "decision": clearance.decision,
                "valid_until": clearance.valid_until.isoformat(),
            }
            for clearance in clearances
        ],
    }


def review_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in Screening.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("screening.screening", str(pk))
    for pk in Clearance.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("screening.clearance", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "screenings",
        gettext_lazy("心理CT答案与得分"),
        export=export_screenings,
        erase=erase_screenings,
        audit_targets=screening_targets,
        help_text=gettext_lazy(
            "您做过的心理CT和心情打卡:每道题的答案、得分和结果,以及筛查邀请和完成的自助课程。"
            "删除时,医生还没有复核、也没有据此出具健康入职结论的测评连同答案一起删除;"
            "医生已经复核或据此出具结论的测评属于病历,与复核记录一起依法保存。"
        ),
        models=(
            "screening.Screening",
            "screening.Response",
            "screening.CampaignInvite",
            "screening.LessonCompletion",
        ),
    )
    register_personal_data_type(
        "screening_reviews",
        gettext_lazy("医生复核与健康入职结论"),
        export=export_reviews,
        erase=None,
        audit_targets=review_targets,
        help_text=gettext_lazy(
            "医生复核您心理CT的时间、随访日期和健康入职结论。它们属于诊疗记录,"
            "按病历管理规定保存不少于 15 年,不能删除;注销账户后只与匿名化的账户编号相连。"
            "医生的复核记录可依照病历管理规定向医院病案室申请查阅和复制。"
        ),
        models=("screening.Review", "screening.Clearance"),
    )
