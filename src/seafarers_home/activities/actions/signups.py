"""Signing up, cancelling, and the waiting list.

Every write locks the activity's row first (``select_for_update``), then counts the places
held: two seafarers taking the last place queue on that lock and the second one counts the
first one's place, so the places are never given twice. While anyone waits, a newcomer
joins the end of the waiting list even if a place is momentarily free (it is being offered
to the first in line). When places free up (a cancellation, a lapsed offer), the waiting
list is promoted oldest first: each promoted seafarer is offered the place until
``offer_deadline`` and told so; an offer not confirmed by then lapses (the task at its
deadline, or the periodic sweep) and the place passes to the next.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from seafarers_home.accounts.models import User
from seafarers_home.activities.access import seafarer_company_id
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.activities.services import (
    PURPOSE,
    SignUpRefused,
    check_sign_up,
    new_code,
    offer_deadline,
    places_taken,
)
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import IdempotencyConflict, create_once, payload_digest
from seafarers_home.notifications.actions import do_send_notification

OFFER_MESSAGE = gettext_lazy(
    "候补递补:活动“%(title)s”有了名额。请在 %(until)s 前确认,逾期名额将让给下一位。"
)


def _locked(activity: Activity) -> Activity:
    return Activity.objects.select_for_update().get(pk=activity.pk)


def do_sign_up(
    seafarer: User,
    activity: Activity,
    *,
    guests: int = 0,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> tuple[SignUp, bool]:
    """Sign ``seafarer`` up (confirmed, or on the waiting list when full): ``(signup,
    created)``. Raises ``SignUpRefused`` (deadline, cancelled, too many guests, already signed
    up) or ``IdempotencyConflict`` (the same key for another activity or guest count)."""
    key = (idempotency_key or "")[:80]
    digest = payload_digest({"activity": activity.pk, "guests": guests}) if key else ""

    def create() -> SignUp:
        now = timezone.now()
        locked = _locked(activity)
        check_sign_up(locked, guests, now)
        if locked.company_id is not None and seafarer_company_id(seafarer) != locked.company_id:
            raise SignUpRefused(_("这个活动只面向主办企业的船员。"), "audience")
        if locked.signups.filter(seafarer=seafarer, status__in=SignUp.ACTIVE).exists():
            raise SignUpRefused(_("您已经报名了这个活动。"), "already")
        # Places freed without a promotion (an erased account) go to those waiting first.
        promote_waiting(locked, now)
        someone_waits = locked.signups.filter(status=SignUp.Status.WAITING).exists()
        fits = places_taken(locked) + 1 + guests <= locked.capacity
        status = SignUp.Status.CONFIRMED if fits and not someone_waits else SignUp.Status.WAITING
        signup = SignUp.objects.create(
            activity=locked,
            seafarer=seafarer,
            guests=guests,
            status=status,
            waiting_since=now if status == SignUp.Status.WAITING else None,
            code=new_code(),
            idempotency_key=key,
            payload_hash=digest,
        )
        record_audit(
            seafarer,
            "activities.sign_up",
            target=signup,
            purpose=PURPOSE,
            request=request,
            detail={"activity": locked.pk, "guests": guests, "status": status},
        )
        return signup

    mine = SignUp.objects.filter(seafarer=seafarer)
    try:
        signup, created = create_once(mine, key, digest, create)
    except IntegrityError as exc:  # a second tab's sign-up won the one-active constraint
        raise SignUpRefused(_("您已经报名了这个活动。"), "already") from exc
    if signup.activity_id != activity.pk:
        raise IdempotencyConflict(key)
    return signup, created


def do_cancel_sign_up(
    seafarer: User, signup: SignUp, *, request: HttpRequest | None = None
) -> SignUp:
    """Cancel the seafarer's own sign-up (or waiting-list place); the freed places go to the
    waiting list. Cancelling twice changes nothing."""
    with transaction.atomic():
        locked_activity = _locked(signup.activity)
        current = SignUp.objects.select_for_update().get(pk=signup.pk)
        if current.status not in SignUp.ACTIVE:
            return current
        if current.checked_in_at is not None:
            raise SignUpRefused(_("您已签到,不能再取消报名。"), "checked_in")
        current.status = SignUp.Status.CANCELLED
        current.offered_until = None
        current.save(update_fields=["status", "offered_until", "updated_at"])
        record_audit(
            seafarer,
            "activities.sign_up_cancel",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"activity": locked_activity.pk},
        )
        promote_waiting(locked_activity)
    return current


def do_confirm_offer(
    seafarer: User, signup: SignUp, *, request: HttpRequest | None = None
) -> SignUp:
    """Take the place offered from the waiting list, before the offer's deadline."""
    with transaction.atomic():
        _locked(signup.activity)
        current = SignUp.objects.select_for_update().get(pk=signup.pk)
        if current.status == SignUp.Status.CONFIRMED:
            return current
        if current.status != SignUp.Status.OFFERED:
            raise SignUpRefused(_("这个名额已不再为您保留。"), "not_offered")
        if current.offered_until is None or current.offered_until <= timezone.now():
            raise SignUpRefused(_("确认时间已过,名额已让给下一位。"), "offer_lapsed")
        current.status = SignUp.Status.CONFIRMED
        current.offered_until = None
        current.save(update_fields=["status", "offered_until", "updated_at"])
        record_audit(
            seafarer,
            "activities.offer_confirm",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"activity": current.activity_id},
        )
    return current


def promote_waiting(activity: Activity, now: datetime.datetime | None = None) -> list[SignUp]:
    """Offer freed places to the waiting list, oldest first, while the first in line fits
    (call with the activity's row locked). Nobody is promoted after the start."""
    now = now or timezone.now()
    if activity.is_cancelled or now >= activity.starts_at:
        return []
    free = activity.capacity - places_taken(activity)
    offered: list[SignUp] = []
    waiting = activity.signups.filter(status=SignUp.Status.WAITING).order_by("waiting_since", "pk")
    for signup in waiting.select_related("seafarer"):
        if signup.places > free:
            break  # first come, first served: nobody jumps the queue by being fewer
        free -= signup.places
        signup.status = SignUp.Status.OFFERED
        signup.offered_until = offer_deadline(activity, now)
        signup.save(update_fields=["status", "offered_until", "updated_at"])
        offered.append(signup)
        _notify_offer(activity, signup)
    return offered


def _notify_offer(activity: Activity, signup: SignUp) -> None:
    do_send_notification(
        signup.seafarer,
        kind="activity.offer",
        message=OFFER_MESSAGE,
        params={"title": activity.title, "until": signup.offered_until},
        url=reverse("activities:detail", args=[activity.pk]),
        dedupe_key=f"activity-offer-{signup.pk}-{signup.offered_until:%Y%m%d%H%M%S}",
    )
    until = signup.offered_until
    transaction.on_commit(
        lambda: lapse_offer_task.using(run_after=until).enqueue(signup.pk), robust=True
    )


def lapse_offer(signup_id: int, now: datetime.datetime | None = None) -> bool:
    """Let one offer lapse if its deadline has passed unconfirmed, and promote the next.
    True when it lapsed."""
    now = now or timezone.now()
    with transaction.atomic():
        signup = SignUp.objects.filter(pk=signup_id).select_related("activity").first()
        if signup is None:
            return False
        activity = _locked(signup.activity)
        current = SignUp.objects.select_for_update().get(pk=signup_id)
        if current.status != SignUp.Status.OFFERED or current.offered_until is None:
            return False
        if current.offered_until > now:
            return False
        current.status = SignUp.Status.LAPSED
        current.save(update_fields=["status", "updated_at"])
        record_audit(
            None,
            "activities.offer_lapse",
            target=current,
            purpose=PURPOSE,
            detail={"activity": activity.pk},
        )
        promote_waiting(activity, now)
    return True


@task()
def lapse_offer_task(signup_id: int) -> bool:
    return lapse_offer(signup_id)


def lapse_due_offers(now: datetime.datetime | None = None) -> int:
    """The periodic sweep: every offer past its deadline lapses (a lost task's too)."""
    now = now or timezone.now()
    due = SignUp.objects.filter(status=SignUp.Status.OFFERED, offered_until__lte=now)
    return sum(lapse_offer(pk, now) for pk in due.values_list("pk", flat=True))
