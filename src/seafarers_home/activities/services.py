"""The activities' rules and reads: places taken and free, whether a seafarer may sign up,
the waiting list's order, check-in codes. The writes that use them are in ``actions.py``."""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.activities.models import Activity, Audience, SignUp

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # An activity read through ``with_places``.
    PlacedActivity = WithAnnotations[Activity, "PlaceCounts"]

# How long a seafarer promoted from the waiting list has to confirm the place.
OFFER_HOURS = 24
# Unambiguous letters and digits (no 0/O, 1/I/L): the code is typed by hand where no camera
# reads the QR code.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10
PURPOSE = "activity organisation"


class SignUpRefused(Exception):
    """Why a sign-up, cancellation or check-in is refused (translated, for the page)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(typed: str) -> str:
    """A typed or scanned code: spaces and dashes dropped, upper case."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())[:40]


def places_taken(activity: Activity) -> int:
    """People (seafarers and guests) holding places: confirmed and offered sign-ups."""
    rows = activity.signups.filter(status__in=SignUp.HOLDING)
    total = rows.aggregate(guests=Sum("guests"))["guests"] or 0
    return total + rows.count()


@dataclass(frozen=True)
class Places:
    capacity: int
    taken: int
    waiting: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.taken)


def places(activity: Activity) -> Places:
    waiting = activity.signups.filter(status=SignUp.Status.WAITING).count()
    return Places(capacity=activity.capacity, taken=places_taken(activity), waiting=waiting)


class PlaceCounts(TypedDict):
    held_people: int
    waiting_count: int


def with_places(
    activities: QuerySet[Activity],
) -> QuerySet[PlacedActivity]:
    """The list pages' activities with their places counted in the same query
    (``listed_places`` reads them)."""
    holding = Q(signups__status__in=SignUp.HOLDING)
    return activities.annotate(
        held_people=Coalesce(Count("signups", filter=holding), 0)
        + Coalesce(Sum("signups__guests", filter=holding), 0),
        waiting_count=Count("signups", filter=Q(signups__status=SignUp.Status.WAITING)),
    )


def listed_places(activity: PlacedActivity) -> Places:
    """The places of an activity read through ``with_places``."""
    return Places(
        capacity=activity.capacity,
        taken=activity.held_people,
        waiting=activity.waiting_count,
    )


def signups_open(activity: Activity, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return not activity.is_cancelled and now < activity.signup_deadline


def guests_allowed(activity: Activity) -> int:
    return activity.max_guests if activity.audience == Audience.FAMILIES else 0


def check_sign_up(activity: Activity, guests: int, now: datetime.datetime) -> None:
    """Raise ``SignUpRefused`` when nobody may sign up now with ``guests`` guests."""
    if activity.is_cancelled:
        raise SignUpRefused(_("这个活动已取消。"), "cancelled")
    if now >= activity.signup_deadline:
        raise SignUpRefused(_("报名已截止。"), "deadline")
    if guests < 0 or guests > guests_allowed(activity):
        raise SignUpRefused(
            _("同行家属最多 %(n)d 人。") % {"n": guests_allowed(activity)}, "guests"
        )
    if 1 + guests > activity.capacity:
        raise SignUpRefused(_("人数超过了活动的总名额。"), "too_many")


def offer_deadline(activity: Activity, now: datetime.datetime) -> datetime.datetime:
    """Until when a promoted seafarer may confirm: OFFER_HOURS, but never past the start."""
    return min(now + datetime.timedelta(hours=OFFER_HOURS), activity.starts_at)
