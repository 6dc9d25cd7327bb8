"""A seafarer's own terminals: anyone else's answers 404."""

from __future__ import annotations

from typing import TYPE_CHECKING

from seafarers_home.permissions.owned import own_or_404
from seafarers_home.permissions.roles import is_seafarer
from seafarers_home.short_messages.models import Terminal

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User


def get_own_terminal(user: User, pk: int) -> Terminal:
    return own_or_404(Terminal, user, pk, may=is_seafarer)
