"""The ``Rule`` of the permission matrix and the persona sets every rules module uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.personas import PERSONA_NAMES, World

EVERYONE = frozenset(PERSONA_NAMES)
SIGNED_IN = EVERYONE
STAFF = frozenset(
    {"clinician", "counsellor", "union_staff", "admin", "legal_worker", "training_officer"}
)
WORKSPACE = STAFF | {"officer_a", "officer_b"}
OFFICERS_AND_UNION = frozenset({"officer_a", "officer_b", "union_staff", "admin"})
# The seafarers: "seafarer" has not given the health-data consent; the two consented ones have.
# The matrix's own health objects belong to OWNER; OTHER_SEAFARER must get 404 on them.
OWNER = "consented_seafarer"
OTHER_SEAFARER = "consented_seafarer_b"
CONSENTED = frozenset({OWNER, OTHER_SEAFARER})
SEAFARERS = CONSENTED | {"seafarer"}


@dataclass(frozen=True)
class Rule:
    """Who may use a URL. ``public``: anonymous too. ``allowed``: personas that get a
    non-error answer (or exactly ``allowed_answer``); every other signed-in persona gets
    exactly ``refused`` (404: nobody learns what exists), except that on a seafarer's
    ``health`` page the seafarer without the health-data consent gets the consent page
    (403); anonymous visitors get a login redirect (pages) or 401 (API)."""

    allowed: frozenset[str] = frozenset()
    public: bool = False
    method: str = "get"
    kwargs: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    # Personas who are allowed but for whom this particular object is someone else's:
    # they must get 404 (cross-organisation access).
    not_theirs: frozenset[str] = frozenset()
    # The body of a POST, for views that answer a valid form only (an empty form is a 400).
    data: Callable[[], dict[str, Any]] = field(default=dict)
    # The status of everyone else signed in: 404 on pages; the API answers a missing role or
    # consent with 403 and a code (a whole collection reveals nothing).
    refused: int = 404
    # A seafarer's own health page or operation: the seafarer without the consent gets 403.
    health: bool = False
    # What allowed personas get when the matrix's body is refused after access was granted
    # (an empty form 400, an API body 422, a slot that cannot be booked 409).
    allowed_answer: int | None = None

    def expected(self, persona: str) -> int | None:
        """The status ``persona`` must get, or None for an allowed answer."""
        if persona in self.not_theirs:
            return 404
        if persona in self.allowed:
            return None
        if self.health and persona == "seafarer":
            return 403
        return self.refused
