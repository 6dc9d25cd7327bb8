"""The clinicians' alert board. Other signed-in people get 404: the board's existence is not news;
anonymous visitors are sent to sign in like everywhere else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seafarers_home.alerts.access import get_alert_for_user
from seafarers_home.alerts.actions.raising import do_acknowledge_alert
from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.alerts.reasons import reason_texts
from seafarers_home.alerts.views_detail import board_summary
from seafarers_home.permissions.decorators import role_required
from seafarers_home.permissions.roles import is_clinician

BOARD_LIMIT = 100


@role_required(is_clinician)
def alert_list(request: HttpRequest) -> HttpResponse:
    if request.GET.get("part") == "summary":
        # The counts alone, for the live board after an event (alerts/live.js): not the whole
        # page, whose base template would use up a message meant for the clinician's next page.
        return render(request, "alerts/_summary.html", {"summary": board_summary(timezone.now())})
    # Open first, then taken but not yet ended, then the ended ones.
    open_first = Case(
        When(status=CrisisAlert.Status.OPEN, then=Value(0)),
        When(status=CrisisAlert.Status.ACKNOWLEDGED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    alerts = list(
        CrisisAlert.objects.select_related("seafarer", "acknowledged_by")
        .annotate(open_first=open_first)
        .order_by("open_first", "-tier", "created_at")[:BOARD_LIMIT]
    )
    now = timezone.now()
    reasons = reason_texts(alerts)
    for alert in alerts:
        alert.reason_label = reasons[alert.pk]
        alert.waiting_minutes = int((now - alert.created_at).total_seconds() // 60)
    return render(request, "alerts/list.html", {"alerts": alerts, "summary": board_summary(now)})


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    alert = get_alert_for_user(request.user, pk)
    do_acknowledge_alert(alert, request.user, request=request)
    messages.success(request, _("已确认该警报,升级已停止。"))
    if request.POST.get("next") == "detail":
        return redirect("alerts:detail", pk=alert.pk)
    return redirect("alerts:list")
