"""Green-channel referrals of the care run in bulk (issue 20 item 5).

A city's first care run refers every seafarer whose after-return 心理CT is follow-up or worse
— 1,500 of 50,000 in the benchmark — and ``do_refer_to_green_channel`` one at a time cost
about ten queries, a savepoint and after commit a notification transaction each (about half
of the run's syncing time). This does the same for a batch in a fixed number of queries:

- the same rules, in the same order: a seafarer's role, then the health-data consent (a
  refusal is final for the task, as ``ReferralInvalid`` is), then one open referral per
  seafarer (an open one is reused, also within the batch);
- the same locks: the seafarers' rows, in id order, before looking for open referrals;
- the same rows: the referral, its audit row (``voyages.green_channel.refer``) and the
  notification (``REFERRED_MESSAGE``, the same dedupe key), here in the run's transaction.

The equivalence test (tests/voyages_care/test_bulk_equals_one_by_one.py) compares it with the
one-by-one path.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from seafarers_home.accounts.models import Role, RoleGrant, User
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.models import ConsentKind, ConsentRecord
from seafarers_home.consent.services import current_document
from seafarers_home.notifications.bulk import Outgoing, do_send_notifications
from seafarers_home.voyages.green_referrals import PURPOSE, REFERRED_MESSAGE, open_referrals
from seafarers_home.voyages.models import GreenChannelReferral

SOURCE = GreenChannelReferral.Source.RETURN_SCREENING


@dataclass(frozen=True)
class Wanted:
    key: int  # the caller's (the care task's pk)
    seafarer: User
    voyage_id: int
    screening: object


def refer_in_bulk(wanted: list[Wanted]) -> tuple[set[int], set[int]]:
    """(keys referred — a new or an open referral —, keys refused for good)."""
    if not wanted:
        return set(), set()
    ids = sorted({item.seafarer.pk for item in wanted})
    seafarers = set(
        RoleGrant.objects.filter(user_id__in=ids, role=Role.SEAFARER).values_list(
            "user_id", flat=True
        )
    )
    document = current_document(ConsentKind.HEALTH_DATA)
    consented = (
        set(
            ConsentRecord.objects.filter(
                user_id__in=ids, document=document, withdrawn_at__isnull=True
            ).values_list("user_id", flat=True)
        )
        if document is not None
        else set()
    )
    referred: set[int] = set()
    refused: set[int] = set()
    with transaction.atomic():
        list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        open_ids: set[int] = set(
            open_referrals().filter(seafarer_id__in=ids).values_list("seafarer_id", flat=True)
        )
        new: list[tuple[Wanted, GreenChannelReferral]] = []
        for item in wanted:
            user_id = item.seafarer.pk
            if user_id not in seafarers or user_id not in consented:
                refused.add(item.key)
                continue
            referred.add(item.key)
            if user_id in open_ids:
                continue  # the open referral stands (do_refer_to_green_channel returns it)
            open_ids.add(user_id)
            referral = GreenChannelReferral(
                seafarer_id=user_id,
                voyage_id=item.voyage_id,
                source=SOURCE,
                screening=item.screening,
            )
            new.append((item, referral))
        GreenChannelReferral.objects.bulk_create([referral for _item, referral in new])
        url = reverse("voyages:green_channel")
        for item, referral in new:
            record_audit(
                None,
                "voyages.green_channel.refer",
                target=referral,
                purpose=PURPOSE,
                detail={"source": SOURCE, "seafarer": item.seafarer.pk, "voyage": item.voyage_id},
            )
        do_send_notifications(
            Outgoing(
                item.seafarer,
                kind="green_channel.referred",
                message=REFERRED_MESSAGE,
                url=url,
                dedupe_key=f"green-channel-referral-{referral.pk}",
            )
            for item, referral in new
        )
    return referred, refused
