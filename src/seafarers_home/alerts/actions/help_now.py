""" "I need help now" (我现在需要帮助): one press by a signed-in seafarer raises a crisis alert
of source "self", shows the crisis box at once and offers a callback (issue 16 item 1).

Idempotent: the form carries a key; a resend with the same key finds its press and raises
nothing. A press while an earlier press's alert is still unacknowledged joins that alert (it
is already paging and escalating); a press after a clinician took the earlier alert is new
news and raises a new one. The callback the page offers is the hotline's
(``hotline/actions/help_now.py``), linked to the press so the clinician sees it on the alert and a
completed call record closes the alert.

No health-data consent is asked first: PIPL art. 13(4) allows processing needed to protect a
person's life in an emergency (as for urgent consultations), and consent withdrawal never
stops anyone asking for help.
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.accounts.models import Role, User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.alerts.models import CrisisAlert, HelpRequest
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once


class NotASeafarer(PermissionError):
    """Only a seafarer's own account presses the button (staff have the clinicians)."""


def do_press_help_now(
    seafarer: User, *, idempotency_key: str, request: HttpRequest | None = None
) -> HelpRequest:
    if not seafarer.has_role(Role.SEAFARER):
        raise NotASeafarer
    key = (idempotency_key or "").strip()[:80]

    def create() -> HelpRequest:
        # One press at a time per seafarer (two tabs, a double tap): lock their row.
        User.objects.select_for_update().filter(pk=seafarer.pk).first()
        # A press after the seafarer said an earlier one was a mistake is new news: it pages
        # again (a new alert) rather than joining the alert the clinician may now read as
        # nothing.
        pending = (
            HelpRequest.objects.filter(seafarer=seafarer, alert__status=CrisisAlert.Status.OPEN)
            .exclude(alert__help_requests__mistaken_at__isnull=False)
            .select_related("alert")
            .first()
        )
        press = HelpRequest(seafarer=seafarer, idempotency_key=key or uuid.uuid4().hex)
        if pending is not None:
            press.alert = pending.alert
            press.callback = pending.callback
            press.save()
        else:
            press.alert = do_raise_crisis_alert(
                seafarer,
                source=CrisisAlert.Source.SELF,
                source_id=press.idempotency_key,
                reason="help_now",
                request=request,
            )
            press.save()
        record_audit(
            seafarer,
            "alert.help_now",
            target=press,
            purpose="crisis",
            request=request,
            detail={"alert": press.alert_id, "joined": pending is not None},
        )
        return press

    # A press has no payload: the same key is always the same press.
    press, _created = create_once(HelpRequest.objects.filter(seafarer=seafarer), key, "", create)
    return press


def do_say_help_now_mistaken(
    seafarer: User, press: HelpRequest, *, request: HttpRequest | None = None
) -> HelpRequest:
    """The seafarer says the press was a mistake. Nothing is withdrawn or silenced (DOMAIN
    rule 2: a crisis signal is never lost): the alert keeps paging and escalating until a
    clinician acknowledges it, and its page shows the seafarer's word, with when. Saying it
    again changes nothing."""
    with transaction.atomic():
        locked = HelpRequest.objects.select_for_update().get(pk=press.pk, seafarer=seafarer)
        if locked.mistaken_at is None:
            locked.mistaken_at = timezone.now()
            locked.save(update_fields=["mistaken_at", "updated_at"])
            record_audit(
                seafarer,
                "alert.help_now_mistaken",
                target=locked,
                purpose="crisis",
                request=request,
                detail={"alert": locked.alert_id},
            )
    return locked
