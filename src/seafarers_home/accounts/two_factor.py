"""The one reading of a session's two-factor state.

Here, below ``permissions`` (which imports ``accounts``), so that the HTTP middleware and the
sign-in views of this app use it without an import cycle; ``permissions.roles`` re-exports it
for everyone else (the API's session authentication, the admin site, the WebSocket middleware
and consumers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from seafarers_home.core.session_keys import OTP_SESSION_KEY

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def has_passed_two_factor(user: User | AnonymousUser | None, session: Any) -> bool:
    """Whether ``user`` may act in this session: anyone who needs no second factor (nobody
    signed in, a seafarer, a company officer), or who has entered a TOTP code in it. Reads
    roles: call it in a thread from async code."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "needs_two_factor", False)):
        return True
    return bool(session is not None and session.get(OTP_SESSION_KEY))
