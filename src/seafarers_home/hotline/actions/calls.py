"""Small writes of the caller's and the counsellor's pages that the queue and the records do
not cover: a follow-up done, a read of a record (audited), an in-app callback ringing."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.audit.reads import record_read
from seafarers_home.audit.services import record_audit
from seafarers_home.hotline.models import CallRecord, HotlineCall, HotlineFollowUp
from seafarers_home.notifications.actions import do_send_notification


def do_complete_follow_up(
    follow_up: HotlineFollowUp, counsellor: User, *, request: HttpRequest | None = None
) -> HotlineFollowUp:
    with transaction.atomic():
        locked = HotlineFollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if locked.done_at is None:
            locked.done_at = timezone.now()
            locked.save(update_fields=["done_at", "updated_at"])
            record_audit(
                counsellor,
                "hotline.follow_up_done",
                target=locked,
                purpose="hotline",
                request=request,
            )
    return locked


def do_record_read(
    counsellor: User, record: CallRecord | None, *, request: HttpRequest, what: str
) -> None:
    """Every read of call records by staff leaves an audit row (which page, which record)."""
    with transaction.atomic():
        record_read(
            counsellor,
            "hotline.record_read",
            target=record,
            target_type="" if record else "hotline.callrecord",
            purpose="hotline",
            request=request,
            detail={"page": what},
        )


def tell_callback_ringing(call: HotlineCall) -> None:
    """A counsellor took an in-app callback: the seafarer is asked to open the call page."""
    if call.seafarer_id is None:
        return
    with transaction.atomic():
        do_send_notification(
            call.seafarer,
            kind="hotline.callback_ringing",
            message=gettext_lazy("热线咨询员正在回拨,请打开心理热线页面接听。"),
            url=reverse("hotline:call"),
            dedupe_key=f"callback-ringing-{call.pk}",
        )
