"""The short-message channel (issue 14): the terminals page and its writes are the seafarer's
own (a terminal of someone else answers 404); the command card holds nothing of anyone, so
everyone may print it. The gateways' endpoints are MACHINE_ENDPOINTS (tests/test_permissions.py)."""

from __future__ import annotations

from typing import Any

from seafarers_home.short_messages.models import Terminal
from tests.permission_rules.base import OTHER_SEAFARER, OWNER, SEAFARERS, Rule
from tests.personas import World


def _terminal_of_owner(world: World) -> dict[str, Any]:
    terminal = Terminal.objects.create(
        seafarer=world.consented_seafarer, gateway="beidou", address="1234567"
    )
    return {"pk": terminal.pk}


def _owner_only(**extra: Any) -> Rule:
    return Rule(
        allowed=frozenset({OWNER}),
        not_theirs=frozenset({OTHER_SEAFARER, "seafarer"}),
        method="post",
        kwargs=_terminal_of_owner,
        **extra,
    )


RULES = {
    "short_messages:terminals": Rule(allowed=SEAFARERS),
    "short_messages:confirm": _owner_only(),
    "short_messages:unbind": _owner_only(),
    "short_messages:proactive": _owner_only(),
    "short_messages:card": Rule(public=True),
}
