"""Reading the wallet: a certificate's validity on the reader's day, and which certificates a
seafarer holds valid until a date (what a course's prerequisites and, in the jobs issue, a
posting ask for). Reads only.

"Today" is the seafarer's own calendar day (``lib/zones.user_zone``): a certificate that
expires on the 5th is still valid on the 5th on board, whatever the day is in Beijing.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seafarers_home.certificates.kinds import kind_name
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.renewals import renewal_links
from seafarers_home.lib.zones import user_zone
from seafarers_home.permissions.roles import is_seafarer

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

# A certificate expiring within this many days "expires soon" on the wallet page.
SOON_DAYS = 90

VALID, SOON, EXPIRED = "valid", "soon", "expired"
STATUS_LABELS = {VALID: _("有效"), SOON: _("即将到期"), EXPIRED: _("已过期")}


def today_for(user: User | AnonymousUser, now: datetime.datetime | None = None) -> datetime.date:
    """The reader's calendar day, in their own zone."""
    return timezone.localdate(now or timezone.now(), user_zone(user))


def status_on(certificate: Certificate, today: datetime.date) -> str:
    if certificate.expires_on is None:
        return VALID
    if certificate.expires_on < today:
        return EXPIRED
    if certificate.expires_on <= today + datetime.timedelta(days=SOON_DAYS):
        return SOON
    return VALID


@dataclass(frozen=True)
class WalletEntry:
    certificate: Certificate
    kind_name: str
    status: str
    days_left: int | None
    renewal_url: str = ""

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


def wallet_entries(seafarer: User, today: datetime.date) -> list[WalletEntry]:
    """The seafarer's certificates, expired and soon-expiring first."""
    order = {EXPIRED: 0, SOON: 1, VALID: 2}
    entries = []
    for certificate in Certificate.objects.filter(seafarer=seafarer).defer("photo"):
        status = status_on(certificate, today)
        days = (certificate.expires_on - today).days if certificate.expires_on else None
        entries.append(WalletEntry(certificate, kind_name(certificate.kind), status, days))
    entries.sort(key=lambda e: (order[e.status], e.certificate.expires_on or datetime.date.max))
    # Expired and soon-expiring certificates link to the next course that renews them.
    links = renewal_links({e.certificate.kind for e in entries if e.status != VALID}, today)
    return [
        dataclasses.replace(e, renewal_url=links.get(e.certificate.kind, ""))
        if e.status != VALID
        else e
        for e in entries
    ]


def valid_until(seafarer: User, day: datetime.date) -> list[Certificate]:
    """The seafarer's certificates still valid on ``day`` (no expiry, or expiring on or after
    it), latest expiry first."""
    return list(
        Certificate.objects.filter(seafarer=seafarer)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=day))
        .defer("photo")
        .order_by("kind", "-expires_on")
    )


def kinds_valid_until(seafarer: User, day: datetime.date) -> frozenset[str]:
    """The kind codes of which the seafarer holds a certificate valid on ``day``: the one
    question other services ask of the wallet (course prerequisites, job requirements)."""
    return frozenset(certificate.kind for certificate in valid_until(seafarer, day))


def missing_kinds(seafarer: User, required: list[str], day: datetime.date) -> list[str]:
    """Of the ``required`` kind codes, those the seafarer does not hold valid on ``day``."""
    held = kinds_valid_until(seafarer, day)
    return [code for code in required if code not in held]


def start_page_alert(seafarer: User | AnonymousUser) -> dict[str, int]:
    """How many of a seafarer's certificates have expired or expire soon, for the start page
    (issue 12 item 3: they must stand out there, not only in the wallet). Nothing for anyone
    else."""
    if not seafarer.is_authenticated or not is_seafarer(seafarer):
        return {}
    entries = wallet_entries(seafarer, today_for(seafarer))
    return {
        "expired": sum(1 for entry in entries if entry.status == EXPIRED),
        "soon": sum(1 for entry in entries if entry.status == SOON),
    }
