"""Voyage care as personal data (PIPL arts. 45 and 47). Registered from VoyagesConfig.ready().

Three types, as the person meets them:

- ``voyages``: voyages, the care pathway's tasks and the counsellors' 14-day follow-up
  contacts. They exist to deliver care, not as a medical record: erased (deleted) on request.
- ``safe_home_links``: the family links of the safe-home plan. Erased: deleted, so a link
  that is still out there answers "not found" at once.
- ``green_channel``: green-channel referrals. One a clinician made is a medical referral,
  kept at least 15 years (its booking is kept with the consultations); the person's own
  requests and the automatic ones from a return screening are deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy

from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.voyages.models import (
    CareTask,
    FollowUpOutcome,
    GreenChannelReferral,
    SafeHomeShare,
    Voyage,
)

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_voyages(user: User) -> dict[str, list[dict[str, Any]]]:
    voyages = Voyage.objects.filter(seafarer=user).select_related("vessel", "company")
    tasks = CareTask.objects.filter(seafarer=user).select_related("step")
    outcomes = FollowUpOutcome.objects.filter(task__seafarer=user)
    return {
        "voyages": [
            {
                "id": voyage.pk,
                "vessel": voyage.vessel.name,
                "company": voyage.company.name,
                "planned_departure": _iso(voyage.planned_departure),
                "expected_return": _iso(voyage.expected_return),
                "actual_departure": _iso(voyage.actual_departure),
                "actual_return": _iso(voyage.actual_return),
                "cancelled_at": _iso(voyage.cancelled_at),
                "source": voyage.source,
                "phase": voyage.phase,
            }
            for voyage in voyages.order_by("planned_departure", "pk")
        ],
        "care_tasks": [
            {
                "voyage": task.voyage_id,
                "task": task.step.title,
                "kind": task.step.kind,
                "phase": task.phase,
                "due_at": _iso(task.due_at),
                "status": task.status,
                "completed_at": _iso(task.completed_at),
            }
            for task in tasks.order_by("due_at", "pk")
        ],
        "follow_up_contacts": [
            {
                "contacted_at": _iso(outcome.contacted_at),
                # The counsellor's note is their working record, as on the hotline.
                "result": outcome.result,
            }
            for outcome in outcomes.order_by("contacted_at", "pk")
        ],
    }


def erase_voyages(user: User) -> None:
    # Care tasks and their follow-up outcomes go with the voyage (CASCADE).
    Voyage.objects.filter(seafarer=user).delete()
    CareTask.objects.filter(seafarer=user).delete()


def voyage_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in Voyage.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("voyages.voyage", str(pk))


def export_safe_home_links(user: User) -> list[dict[str, Any]]:
    return [
        {
            "created_at": _iso(share.created_at),
            "revoked_at": _iso(share.revoked_at),
            "views": share.views,
        }
        for share in SafeHomeShare.objects.filter(seafarer=user).order_by("created_at", "pk")
    ]


def erase_safe_home_links(user: User) -> None:
    SafeHomeShare.objects.filter(seafarer=user).delete()


def export_green_channel(user: User) -> list[dict[str, Any]]:
    referrals = GreenChannelReferral.objects.filter(seafarer=user).select_related(
        "appointment__slot", "referred_by"
    )
    return [
        {
            "at": _iso(referral.created_at),
            "source": referral.source,
            "referred_by": referral.referred_by.display_name if referral.referred_by else None,
            "reason": referral.reason,
            "voyage": referral.voyage_id,
            "booked_for": (
                _iso(referral.appointment.slot.starts_at) if referral.appointment else None
            ),
        }
        for referral in referrals.order_by("created_at", "pk")
    ]


def erase_green_channel(user: User) -> None:
    referrals = GreenChannelReferral.objects.filter(seafarer=user)
    referrals.exclude(source=GreenChannelReferral.Source.CLINICIAN).delete()


def green_channel_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in GreenChannelReferral.objects.filter(seafarer=user).values_list("pk", flat=True):
        yield ("voyages.greenchannelreferral", str(pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "voyages",
        gettext_lazy("航次与关怀任务"),
        export=export_voyages,
        erase=erase_voyages,
        audit_targets=voyage_targets,
        help_text=gettext_lazy(
            "您登记的航次(船舶、企业、出海和归港日期)、关怀计划的任务和归港后的随访联系。"
            "删除时全部删除。"
        ),
        models=("voyages.Voyage", "voyages.CareTask", "voyages.FollowUpOutcome"),
    )
    register_personal_data_type(
        "safe_home_links",
        gettext_lazy("安心回家家属链接"),
        export=export_safe_home_links,
        erase=erase_safe_home_links,
        help_text=gettext_lazy(
            "您发给家人的安心回家链接、是否已收回和打开次数。删除时链接立即失效并被删除。"
        ),
        models=("voyages.SafeHomeShare",),
    )
    register_personal_data_type(
        "green_channel",
        gettext_lazy("绿色通道转介"),
        export=export_green_channel,
        erase=erase_green_channel,
        audit_targets=green_channel_targets,
        help_text=gettext_lazy(
            "绿色通道的转介和申请:来源、说明和预约的就诊时间。删除时,您本人的申请和根据归港心理CT"
            "自动生成的转介被删除;医生作出的转介属于病历,保存不少于 15 年。"
        ),
        models=("voyages.GreenChannelReferral",),
    )
