"""Publishing an activity and cancelling it (which tells everyone signed up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.activities.services import PURPOSE
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once
from seafarers_home.inquiries.photos import ReencodedPhoto
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.organisations.models import Organisation


@dataclass(frozen=True)
class ActivityDetails:
    """What the organiser's form says, already validated (forms.ActivityForm)."""

    title: str
    description: str
    kind: str
    online: bool
    place: str
    starts_at: datetime
    ends_at: datetime
    signup_deadline: datetime
    capacity: int
    audience: str
    company: Organisation | None
    max_guests: int


def do_publish_activity(
    organiser: User,
    organisation: Organisation,
    details: ActivityDetails,
    *,
    picture: ReencodedPhoto | None = None,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[Activity, bool]:
    """Publish an activity for ``organisation``: ``(activity, created)``; a resent form (the
    same key) answers the activity it made the first time."""
    key = (idempotency_key or "")[:80]

    def create() -> Activity:
        activity = Activity.objects.create(
            organisation=organisation,
            created_by=organiser,
            title=details.title,
            description=details.description,
            kind=details.kind,
            online=details.online,
            place=details.place,
            starts_at=details.starts_at,
            ends_at=details.ends_at,
            signup_deadline=details.signup_deadline,
            capacity=details.capacity,
            audience=details.audience,
            company=details.company,
            max_guests=details.max_guests,
            picture=picture.data if picture else None,
            picture_width=picture.width if picture else 0,
            picture_height=picture.height if picture else 0,
            idempotency_key=key,
        )
        record_audit(
            organiser,
            "activities.publish",
            target=activity,
            purpose=PURPOSE,
            request=request,
            detail={"organisation": organisation.pk, "capacity": details.capacity},
        )
        return activity

    mine = Activity.objects.filter(created_by=organiser)
    return create_once(mine, key, "", create)


CANCELLED_MESSAGE = gettext_lazy("活动“%(title)s”(%(when)s)已取消:%(reason)s")


def do_cancel_activity(
    organiser: User, activity: Activity, reason: str, *, request: HttpRequest | None = None
) -> int:
    """Cancel ``activity`` and tell everyone signed up or waiting. Returns how many were told;
    0 when it was already cancelled (nothing changes)."""
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.is_cancelled:
            return 0
        locked.status = Activity.Status.CANCELLED
        locked.cancel_reason = reason[:200]
        locked.save(update_fields=["status", "cancel_reason", "updated_at"])
        standing = list(locked.signups.filter(status__in=SignUp.ACTIVE).select_related("seafarer"))
        record_audit(
            organiser,
            "activities.cancel",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"signups": len(standing)},
        )
        url = reverse("activities:detail", args=[locked.pk])
        for signup in standing:
            do_send_notification(
                signup.seafarer,
                kind="activity.cancelled",
                message=CANCELLED_MESSAGE,
                params={"title": locked.title, "when": locked.starts_at, "reason": reason},
                url=url,
                dedupe_key=f"activity-cancelled-{locked.pk}",
            )
    activity.refresh_from_db()
    return len(standing)
