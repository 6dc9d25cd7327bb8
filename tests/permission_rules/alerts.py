"""Crisis alerts: the alert page and its outcome (clinicians), and "I need help now" (the
seafarer's own presses)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from seafarers_home.alerts.actions.help_now import do_press_help_now
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from tests.permission_rules.base import CONSENTED, SEAFARERS, Rule
from tests.personas import World

CLINICIAN = frozenset({"clinician"})
SEAFARER = frozenset({"seafarer"})


def _alert(world: World) -> dict[str, Any]:
    alert = do_raise_crisis_alert(
        world.seafarer, source="screening", source_id="harness", reason="phq9_item9"
    )
    return {"pk": alert.pk}


def _press(world: World) -> dict[str, Any]:
    return {"pk": do_press_help_now(world.seafarer, idempotency_key="harness").pk}


def _callback_form() -> dict[str, str]:
    start = timezone.localtime()
    return {
        "target": "satellite",
        "number": "+870 773 012 345",
        "window_start": start.strftime("%Y-%m-%dT%H:%M"),
        "window_end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
    }


RULES = {
    "alerts:detail": Rule(allowed=CLINICIAN, kwargs=_alert),
    "alerts:outcome": Rule(
        allowed=CLINICIAN, method="post", kwargs=_alert, data=lambda: {"outcome": "phone"}
    ),
    # Only a seafarer presses (no consent asked: help comes first); the button is not even
    # shown to anyone else. The press is world.seafarer's: the other seafarers get 404.
    "alerts:help_now": Rule(allowed=SEAFARERS, method="post"),
    "alerts:help_now_page": Rule(allowed=SEAFARER, not_theirs=CONSENTED, kwargs=_press),
    "alerts:help_now_callback": Rule(
        allowed=SEAFARER, not_theirs=CONSENTED, method="post", kwargs=_press, data=_callback_form
    ),
    "alerts:help_now_mistaken": Rule(
        allowed=SEAFARER, not_theirs=CONSENTED, method="post", kwargs=_press
    ),
}
