"""The request of an API operation behind the API's authentication (the NinjaAPI default,
``bearer_auth`` or ``session_auth``): django-ninja sets ``request.auth`` to what the
authenticator returned, a signed-in ``User``, and both authenticators leave that user in
``request.user``. A type for the checker only (as ``accounts.requests``); operations with
``auth=None`` take a plain ``HttpRequest``."""

from __future__ import annotations

from seafarers_home.accounts.models import User
from seafarers_home.accounts.requests import AuthenticatedHttpRequest


class AuthenticatedApiRequest(AuthenticatedHttpRequest):
    auth: User
