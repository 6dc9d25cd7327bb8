"""Green-channel referrals: which returning seafarers may book the clinic's reserved slots.

A seafarer is eligible with an **open referral** (``GreenChannelReferral``) — one made in the
last ``REFERRAL_VALID_DAYS`` days whose appointment is not yet booked (none, or a cancelled
one). Referrals come from

- the return 心理CT (``source="return_screening"``): the care pathway refers a seafarer whose
  after-return screening is follow-up or worse (``voyages.care_facts``);
- the seafarer (``"self"``): any seafarer back from a voyage may ask, "under work or life
  stress" is reason enough (``do_request_green_channel``);
- a clinician (or the counsellor of the 14-day follow-up) (``"clinician"``).

Referring is idempotent per open referral: while one is open, a second referral returns it.
Booking under a referral, the clinic's reserved slots and its day list are clinic booking
(``consultations/green_channel.py``).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.voyages.models import GreenChannelReferral, Voyage
from seafarers_home.voyages.phases import seafarer_today

REFERRAL_VALID_DAYS = 90
PURPOSE = "green channel (seafarer clinic)"
REASON_MAX_LENGTH = 1000
# The booking a referral was used for, read through the referral's own link (the booking is
# the clinic's, consultations.Appointment): a cancelled one leaves the referral open.
CANCELLED = GreenChannelReferral._meta.get_field("appointment").related_model.Status.CANCELLED


# What the referred seafarer is told (in-app and by SMS; no health details).
REFERRED_MESSAGE = gettext_lazy("您可以通过绿色通道优先预约海员心理咨询科的门诊,请选择时间。")


class ReferralInvalid(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def open_referrals(now: datetime.datetime | None = None) -> QuerySet[GreenChannelReferral]:
    since = (now or timezone.now()) - datetime.timedelta(days=REFERRAL_VALID_DAYS)
    return GreenChannelReferral.objects.filter(created_at__gte=since).filter(
        Q(appointment__isnull=True) | Q(appointment__status=CANCELLED)
    )


def open_referral(seafarer: User) -> GreenChannelReferral | None:
    """The seafarer's open referral (the oldest, so the waiting time counts from it)."""
    return open_referrals().filter(seafarer=seafarer).order_by("created_at", "pk").first()


def returned_voyage(seafarer: User) -> Voyage | None:
    """The seafarer's latest voyage returned (recorded, not cancelled) in the last
    ``REFERRAL_VALID_DAYS`` days of their own calendar: "returning" seafarers."""
    today = seafarer_today(seafarer)
    return (
        Voyage.objects.filter(
            seafarer=seafarer,
            cancelled_at__isnull=True,
            actual_return__lte=today,
            actual_return__gte=today - datetime.timedelta(days=REFERRAL_VALID_DAYS),
        )
        .order_by("-actual_return", "-pk")
        .first()
    )


def do_refer_to_green_channel(
    seafarer: User,
    *,
    source: str,
    voyage: Voyage | None = None,
    screening: object | None = None,
    referred_by: User | None = None,
    reason: str = "",
    request: HttpRequest | None = None,
) -> GreenChannelReferral:
    """Give ``seafarer`` a green-channel referral, or return their open one."""
    if source not in GreenChannelReferral.Source.values:
        raise ReferralInvalid(_("未知的转介来源。"))
    if not seafarer.has_role(Role.SEAFARER):
        raise ReferralInvalid(_("只能为海员转介绿色通道。"))
    if not has_health_data_consent(seafarer):
        raise ReferralInvalid(_("这位海员尚未同意健康信息处理,暂不能转介。"))
    if source == GreenChannelReferral.Source.CLINICIAN and (
        referred_by is None or not referred_by.has_role(Role.CLINICIAN, Role.COUNSELLOR)
    ):
        raise ReferralInvalid(_("只有医生或咨询员可以转介。"))
    reason = (reason or "").strip()[:REASON_MAX_LENGTH]
    with transaction.atomic():
        # One open referral per seafarer: concurrent referrers queue on the user row.
        User.objects.select_for_update().filter(pk=seafarer.pk).first()
        existing = open_referral(seafarer)
        if existing is not None:
            return existing
        referral = GreenChannelReferral.objects.create(
            seafarer=seafarer,
            voyage=voyage,
            source=source,
            referred_by=referred_by,
            screening=screening,
            reason=reason,
        )
        record_audit(
            referred_by,
            "voyages.green_channel.refer",
            target=referral,
            purpose=PURPOSE,
            request=request,
            detail={"source": source, "seafarer": seafarer.pk, "voyage": voyage and voyage.pk},
        )
        transaction.on_commit(
            lambda: do_send_notification(
                seafarer,
                kind="green_channel.referred",
                message=REFERRED_MESSAGE,
                url=reverse("voyages:green_channel"),
                dedupe_key=f"green-channel-referral-{referral.pk}",
            ),
            robust=True,
        )
    return referral


def do_request_green_channel(
    seafarer: User, *, reason: str = "", request: HttpRequest | None = None
) -> GreenChannelReferral:
    """A seafarer back from a voyage asks for the green channel ("under work or life
    stress" needs no proof)."""
    voyage = returned_voyage(seafarer)
    if voyage is None:
        raise ReferralInvalid(
            _(
                "绿色通道面向归港海员。登记了归港日期的海员可以申请;在船上可以使用远程咨询和心理热线。"
            )
        )
    return do_refer_to_green_channel(
        seafarer,
        source=GreenChannelReferral.Source.SELF,
        voyage=voyage,
        referred_by=seafarer,
        reason=reason,
        request=request,
    )
