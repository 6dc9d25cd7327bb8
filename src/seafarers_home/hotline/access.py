"""Who may open which hotline call, callback and record. Answers 404 for anything that is not
the person's own (nobody learns that a call exists). Anonymous callers stay anonymous: every
counsellor page names the caller through ``caller_label``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.core.inputs import within_window
from seafarers_home.hotline.models import CallbackRequest, CallRecord, HotlineCall
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_counsellor, is_seafarer

ANONYMOUS_CALLER = "匿名来电者"  # translated by caller_label; kept here for the tests


def caller_label(call: HotlineCall | None, seafarer: User | None = None) -> str:
    """The caller as a counsellor may see them: never the name of an anonymous caller."""
    if call is not None and call.anonymous:
        return _("匿名来电者")
    person = seafarer if seafarer is not None else (call.seafarer if call else None)
    return str(person) if person is not None else _("未登记身份的来电者")


def record_caller_label(record: CallRecord) -> str:
    return caller_label(record.call, record.seafarer)


def get_own_call(user: User, pk: int) -> HotlineCall:
    """A call of the seafarer (pages and the API alike)."""
    require(is_seafarer, user)
    call = HotlineCall.objects.select_related("callback").filter(pk=pk, seafarer=user).first()
    if call is None:
        raise Http404
    return call


def get_own_callback(user: User, pk: int) -> CallbackRequest:
    require(is_seafarer, user)
    callback = CallbackRequest.objects.filter(pk=pk, seafarer=user).first()
    if callback is None:
        raise Http404
    return callback


def get_call_for_counsellor(user: User, pk: int) -> HotlineCall:
    """A call offered to (now or before: a stale console's accept is told why it failed), or
    taken by, the counsellor."""
    require(is_counsellor, user)
    call = (
        HotlineCall.objects.select_related("seafarer", "callback")
        .filter(Q(offered_to=user) | Q(counsellor=user) | Q(offers__counsellor=user), pk=pk)
        .distinct()
        .first()
    )
    if call is None:
        raise Http404
    return call


def records_for_counsellor(user: User) -> Any:
    """Records the counsellor may open: their own, and unclaimed ones the phone system sent."""
    records = CallRecord.objects.select_related("call", "seafarer").filter(
        Q(counsellor=user) | Q(counsellor__isnull=True, source=CallRecord.Source.WEBHOOK)
    )
    # A time stored before input was bounded (year 10000) must not take the console down.
    return within_window(records, "started_at")


def get_record_for_counsellor(user: User, pk: int) -> CallRecord:
    require(is_counsellor, user)
    record = records_for_counsellor(user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record
