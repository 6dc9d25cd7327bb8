"""The inbox: a signed-in person's notifications, newest first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.notifications.actions import do_mark_notifications_read
from seafarers_home.notifications.models import Notification

PAGE_SIZE = 50


@require_GET
@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)[:PAGE_SIZE]
    return render(request, "notifications/inbox.html", {"notifications": notifications})


@require_POST
@login_required
def mark_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    do_mark_notifications_read(request.user)
    return redirect("notifications:inbox")
