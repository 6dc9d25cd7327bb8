"""Expiry reminders: 180, 90 and 30 days before a certificate expires, each sent once, saying
so when a course renews it (``renewals.py``: the wallet page links to it).

A daily run looks at the certificates expiring in the next ``max(REMINDER_DAYS)`` days. For each
it takes the nearest threshold the expiry is within (25 days left → the 30-day reminder) and
sends it unless that reminder or a nearer one was already sent (``reminded_days``). A
certificate recorded 25 days before its expiry gets only the 30-day reminder, not three at once.
The claim is one conditional UPDATE, so two runs racing send it once; the notification's
de-duplication key is the second guard. Renewing (a new expiry date) resets ``reminded_days``.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.certificates.kinds import get_kind
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.renewals import renewal_links
from seafarers_home.lib.zones import user_zone
from seafarers_home.notifications.actions import do_send_notification

REMINDER_DAYS = (180, 90, 30)


def threshold_for(days_left: int) -> int | None:
    """The reminder due for a certificate with ``days_left`` (the nearest threshold)."""
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due and days_left >= 0 else None


EXPIRY_MESSAGE = gettext_lazy("您的证书“%(kind)s”将于 %(date)s 到期,还有 %(days)s 天,请及时换证。")
RENEWABLE_MESSAGE = gettext_lazy(
    "您的证书“%(kind)s”将于 %(date)s 到期,还有 %(days)s 天。有可以报名的换证培训,见证书夹。"
)


def do_send_expiry_reminders(now: datetime.datetime | None = None) -> int:
    """Send the due reminders; returns how many were sent."""
    now = now or timezone.now()
    # One day of slack both ways: the seafarer's day may be ahead of or behind the server's.
    today = timezone.localdate(now, datetime.UTC)
    window = (
        today - datetime.timedelta(days=1),
        today + datetime.timedelta(days=max(REMINDER_DAYS) + 1),
    )
    candidates = (
        Certificate.objects.filter(expires_on__range=window)
        .select_related("seafarer")
        .defer("photo")
        .order_by("pk")
    )
    due: list[tuple[Certificate, int, int]] = []
    for certificate in candidates.iterator(chunk_size=500):
        assert certificate.expires_on is not None  # inside the window
        local_today = timezone.localdate(now, user_zone(certificate.seafarer))
        days_left = (certificate.expires_on - local_today).days
        threshold = threshold_for(days_left)
        if threshold is None:
            continue
        if certificate.reminded_days is not None and certificate.reminded_days <= threshold:
            continue
        due.append((certificate, threshold, days_left))
    renewable = renewal_links({certificate.kind for certificate, _t, _d in due}, today)
    sent = 0
    for certificate, threshold, days_left in due:
        if _send(certificate, threshold, days_left, certificate.kind in renewable):
            sent += 1
    return sent


def _send(certificate: Certificate, threshold: int, days_left: int, renewable: bool) -> bool:
    kind = get_kind(certificate.kind)
    with transaction.atomic():
        claimed = (
            Certificate.objects.filter(pk=certificate.pk, expires_on=certificate.expires_on)
            .filter(Q(reminded_days__isnull=True) | Q(reminded_days__gt=threshold))
            .update(reminded_days=threshold)
        )
        if not claimed:
            return False
        do_send_notification(
            certificate.seafarer,
            kind="certificate.expiry",
            message=RENEWABLE_MESSAGE if renewable else EXPIRY_MESSAGE,
            params={
                "kind": (kind.name_en if _english(certificate) else kind.name_zh)
                if kind
                else certificate.kind,
                "date": str(certificate.expires_on),
                "days": days_left,
            },
            url=reverse("certificates:wallet") + f"#c{certificate.pk}",
            dedupe_key=f"certificate.expiry.{certificate.pk}.{certificate.expires_on}.{threshold}",
        )
    return True


def _english(certificate: Certificate) -> bool:
    return (certificate.seafarer.preferred_language or "").lower().startswith("en")
