"""The alert page: from the alert to the person, and the outcome that ends it. Clinicians
only (404 to everyone else, as on the board); every read of the page is audited."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.alerts.access import get_alert_for_user
from seafarers_home.alerts.actions.outcomes import (
    UNRESOLVED,
    OutcomeInvalid,
    do_record_alert_outcome,
)
from seafarers_home.alerts.forms import OutcomeForm
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.person import cause_for, person_for
from seafarers_home.alerts.reasons import reason_text
from seafarers_home.audit.reads import record_read
from seafarers_home.core.idempotency import FORM_CONFLICT_MESSAGE, IdempotencyConflict


def board_summary(now: datetime | None = None) -> dict[str, Any]:
    """Unresolved alerts by count and age, for the board and the hotline supervisor (no
    names: the supervisor sees operations, not people)."""
    now = now or timezone.now()
    unresolved = CrisisAlert.objects.filter(status__in=UNRESOLVED)
    oldest = unresolved.aggregate(at=Min("created_at"))["at"]
    return {
        "unresolved": unresolved.count(),
        "open": unresolved.filter(status=CrisisAlert.Status.OPEN).count(),
        "oldest_minutes": int((now - oldest).total_seconds() // 60) if oldest else None,
        "ages": [
            int((now - at).total_seconds() // 60)
            for at in unresolved.order_by("created_at").values_list("created_at", flat=True)[:20]
        ],
    }


def _render(
    request: HttpRequest, alert: CrisisAlert, form: OutcomeForm | None = None, status: int = 200
) -> HttpResponse:
    now = timezone.now()
    context = {
        "alert": alert,
        "reason": reason_text(alert),
        "person": person_for(alert),
        "cause": cause_for(alert),
        "actions": list(alert.actions.select_related("actor")),
        # The seafarer's own word that a press was a mistake (the alert stands regardless).
        "mistaken_presses": list(alert.help_requests.filter(mistaken_at__isnull=False)),
        "waiting_minutes": int((now - alert.created_at).total_seconds() // 60),
        "form": form or OutcomeForm(initial={"key": uuid.uuid4().hex}),
        "resolved": alert.status == CrisisAlert.Status.RESOLVED,
    }
    return render(request, "alerts/detail.html", context, status=status)


@require_GET
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_alert_for_user(request.user, pk)
    record_read(
        request.user,
        "alert.read",
        target=alert,
        purpose="crisis",
        request=request,
        detail={"seafarer": alert.seafarer_id},
    )
    return _render(request, alert)


@require_POST
@login_required
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_alert_for_user(request.user, pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            alert = do_record_alert_outcome(
                alert,
                request.user,
                outcome=data["outcome"],
                note=data["note"],
                next_attempt_at=data["next_attempt_at"],
                idempotency_key=data["key"],
                request=request,
            )
        except OutcomeInvalid as error:
            for name, message in error.errors.items():
                form.add_error(name if name in form.fields else None, message)
        except IdempotencyConflict:
            # A message, not a form error: a resolved alert's page shows no outcome form.
            messages.error(request, FORM_CONFLICT_MESSAGE)
        else:
            if alert.status == CrisisAlert.Status.RESOLVED:
                messages.success(request, _("已记录处理结果,警报已结束。"))
            else:
                messages.success(request, _("已记录。到下次尝试时间会提醒您。"))
            return redirect("alerts:detail", pk=alert.pk)
    return _render(request, alert, form, status=400)
