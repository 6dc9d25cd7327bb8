"""The request of a view that only a signed-in person reaches (``login_required`` or a
permission decorator in front of it): ``request.user`` is a ``User``, never anonymous. A type
for the checker only (django-stubs' documented pattern); Django builds plain requests."""

from __future__ import annotations

from django.http import HttpRequest

from seafarers_home.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
