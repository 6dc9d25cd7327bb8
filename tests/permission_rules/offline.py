"""The installable app (issue 14): the worker, the manifest and the two offline pages hold
nothing of anyone on the server (the outbox lives in the browser), so everyone may load them."""

from __future__ import annotations

from tests.permission_rules.base import Rule

RULES = {
    "offline:service_worker": Rule(public=True),
    "offline:manifest": Rule(public=True),
    "offline:fallback": Rule(public=True),
    "offline:outbox": Rule(public=True),
}
