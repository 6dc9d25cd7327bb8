"""Who may open the clinicians' alert pages: clinicians only; everyone else gets 404 (the
board's existence is not news). Takes a user, not a request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from seafarers_home.alerts.models import CrisisAlert
from seafarers_home.permissions.decorators import require
from seafarers_home.permissions.roles import is_clinician

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_alert_for_user(user: User, pk: int) -> CrisisAlert:
    require(is_clinician, user)
    alert = CrisisAlert.objects.filter(pk=pk).first()
    if alert is None:
        raise Http404
    return alert
