"""Check-in at the door (a scanned or typed code, or a tick on the list) and the reminders
the day before."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.activities.models import Activity, SignUp
from seafarers_home.activities.services import PURPOSE, SignUpRefused, normalise_code
from seafarers_home.audit.services import record_audit
from seafarers_home.notifications.actions import do_send_notification

REMINDER_MESSAGE = gettext_lazy("提醒:您报名的活动“%(title)s”将于 %(when)s 开始,地点:%(place)s。")
# The day before: a confirmed sign-up is reminded once, in the 24 hours before the start.
REMINDER_AHEAD = datetime.timedelta(hours=24)


def do_check_in(
    staff: User,
    activity: Activity,
    *,
    code: str = "",
    signup_id: int | None = None,
    request: HttpRequest | None = None,
) -> SignUp:
    """Check in the confirmed sign-up with this code (scanned or typed) or this id (the
    ticked list) at ``activity``. A code is accepted once; a forged code, another activity's
    code or a sign-up that holds no place is refused (``SignUpRefused``)."""
    with transaction.atomic():
        rows = SignUp.objects.select_for_update().filter(activity=activity)
        if signup_id is not None:
            signup = rows.filter(pk=signup_id).first()
        else:
            typed = normalise_code(code)
            signup = rows.filter(code=typed).first() if typed else None
            if signup is None and typed and SignUp.objects.filter(code=typed).exists():
                raise SignUpRefused(_("这个签到码属于另一个活动。"), "other_activity")
        if signup is None:
            raise SignUpRefused(_("签到码无效。"), "unknown")
        if activity.is_cancelled:
            raise SignUpRefused(_("这个活动已取消。"), "cancelled")
        if signup.status != SignUp.Status.CONFIRMED:
            raise SignUpRefused(_("这位海员没有确认的报名(候补或已取消)。"), "not_confirmed")
        if signup.checked_in_at is not None:
            raise SignUpRefused(_("这个签到码已经用过了。"), "used")
        signup.checked_in_at = timezone.now()
        signup.checked_in_by = staff
        signup.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
        record_audit(
            staff,
            "activities.check_in",
            target=signup,
            purpose=PURPOSE,
            request=request,
            detail={"activity": activity.pk, "by": "list" if signup_id else "code"},
        )
    return signup


def send_due_reminders(now: datetime.datetime | None = None) -> int:
    """The periodic job: remind each confirmed sign-up once, in the day before the start.
    ``reminded_at`` and the notification's dedupe key keep it to one."""
    now = now or timezone.now()
    due = SignUp.objects.filter(
        status=SignUp.Status.CONFIRMED,
        reminded_at__isnull=True,
        activity__status=Activity.Status.PUBLISHED,
        activity__starts_at__gt=now,
        activity__starts_at__lte=now + REMINDER_AHEAD,
    ).select_related("activity", "seafarer")
    sent = 0
    for signup in due:
        activity = signup.activity
        with transaction.atomic():
            claimed = SignUp.objects.filter(pk=signup.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
            if not claimed:
                continue  # another run took it
            do_send_notification(
                signup.seafarer,
                kind="activity.reminder",
                message=REMINDER_MESSAGE,
                params={
                    "title": activity.title,
                    "when": activity.starts_at,
                    "place": activity.place,
                },
                url=reverse("activities:detail", args=[activity.pk]),
                dedupe_key=f"activity-reminder-{signup.pk}",
            )
            sent += 1
    return sent
