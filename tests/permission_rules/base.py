"""The ``Rule`` of the permission matrix and the persona sets every rules module uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.personas import PERSONA_NAMES, World

EVERYONE = frozenset(PERSONA_NAMES)
SIGNED_IN = EVERYONE
STAFF = frozenset({"clinician", "counsellor", "union_staff", "admin"})
WORKSPACE = STAFF | {"officer_a", "officer_b"}
OFFICERS_AND_UNION = frozenset({"officer_a", "officer_b", "union_staff", "admin"})


@dataclass(frozen=True)
class Rule:
    """Who may use a URL. ``public``: anonymous too. ``allowed``: personas that get a
    non-error answer; everyone else signed in must get 403 or 404 and anonymous visitors a
    login redirect (pages) or 401 (API)."""

    allowed: frozenset[str] = frozenset()
    public: bool = False
    method: str = "get"
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    # Personas who are allowed but for whom this particular object is someone else's:
    # they must get 404 (cross-organisation access).
    not_theirs: frozenset[str] = frozenset()
    # The body of a POST, for views that answer a valid form only (an empty form is a 400).
    data: Callable[[], dict[str, Any]] = field(default=dict)
