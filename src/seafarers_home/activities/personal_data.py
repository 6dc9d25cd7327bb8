"""海员活动 as personal data (PIPL arts. 45 and 47). Registered from ActivitiesConfig.ready().

Exported: the person's sign-ups (activity, time, guests, status, check-in) and the activities
they published as an organiser. Erasure deletes the sign-ups (the places they held are offered
to the waiting list, as after a cancellation); the activities an organiser published stay, as
the organisation's, with the link to the person removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext_lazy

from seafarers_home.activities.actions.signups import promote_waiting
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.consent.personal_data import register_personal_data_type

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_activities(user: User) -> dict[str, Any]:
    signups = SignUp.objects.filter(seafarer=user).select_related("activity")
    published = Activity.objects.filter(created_by=user)
    return {
        "signups": [
            {
                "activity": signup.activity.title,
                "starts_at": _iso(signup.activity.starts_at),
                "guests": signup.guests,
                "status": signup.status,
                "signed_up_at": _iso(signup.created_at),
                "checked_in_at": _iso(signup.checked_in_at),
            }
            for signup in signups
        ],
        "published": [
            {"title": activity.title, "starts_at": _iso(activity.starts_at)}
            for activity in published
        ],
    }


def erase_activities(user: User) -> None:
    holding = SignUp.objects.filter(seafarer=user, status__in=SignUp.HOLDING)
    activity_ids = set(holding.values_list("activity_id", flat=True))
    with transaction.atomic():
        SignUp.objects.filter(seafarer=user).delete()
        # The places the person held go to the waiting lists, as a cancellation's would.
        for activity in Activity.objects.select_for_update().filter(pk__in=activity_ids):
            promote_waiting(activity)
    SignUp.objects.filter(checked_in_by=user).update(checked_in_by=None)
    Activity.objects.filter(created_by=user).update(created_by=None)


def register_personal_data() -> None:
    register_personal_data_type(
        "activities",
        gettext_lazy("海员活动报名"),
        export=export_activities,
        erase=erase_activities,
        help_text=gettext_lazy(
            "您报名的活动(时间、同行家属人数、状态、签到时间),以及您作为组织者发布的活动。"
            "删除时,您的报名被删除;您发布的活动属于主办机构,保留但不再与您关联。"
        ),
        models=("activities.Activity", "activities.SignUp"),
    )
