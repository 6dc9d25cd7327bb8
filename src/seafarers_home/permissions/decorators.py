"""One decorator family for views, on the predicates of ``roles``.

- Not signed in: the sign-in page, coming back here afterwards (the API answers 401 itself).
- Signed in without the role: 404, never 403: nobody learns that a page exists, and every
  gate answers alike.
- A seafarer without the health-data consent on a health page: the 403 page that says why
  and links to the consent (``consent.decorators.consent_required_response``).

The predicate is kept on the view (``view.permission``) so that the workspace shows a tool
exactly to those its view lets in (``web.navigation``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, overload

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from seafarers_home.consent.decorators import consent_required_response
from seafarers_home.consent.services import has_health_data_consent
from seafarers_home.permissions.roles import (
    Predicate,
    is_seafarer,
    is_seafarer_with_health_consent,
    is_signed_in,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User

View = Callable[..., HttpResponse]

__all__ = ["require", "role_required", "seafarer_required", "view_permission"]


def require(predicate: Predicate, user: User | AnonymousUser) -> Any:
    """``user`` if ``predicate(user)`` holds, else 404. For the checks a decorator cannot
    make (inside access helpers that take a user)."""
    if not predicate(user):
        raise Http404
    return user


def role_required(predicate: Predicate) -> Callable[[View], View]:
    """Sign-in, then ``predicate(request.user)`` or 404."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_signed_in(request.user):
                return redirect_to_login(request.get_full_path())
            if not predicate(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.permission = predicate  # type: ignore[attr-defined]
        return wrapped

    return decorate


@overload
def seafarer_required(view: View, /) -> View: ...
@overload
def seafarer_required(*, health_consent: bool = False) -> Callable[[View], View]: ...


def seafarer_required(
    view: View | None = None, /, *, health_consent: bool = False
) -> View | Callable[[View], View]:
    """Sign-in, then the seafarer role (else 404); with ``health_consent`` then the
    health-data consent (else the consent page, 403). The role comes first: staff are not
    patients and are not asked to consent as one."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not is_signed_in(request.user):
                return redirect_to_login(request.get_full_path())
            if not is_seafarer(request.user):
                raise Http404
            if health_consent and not has_health_data_consent(request.user):
                return consent_required_response(request)
            return view(request, *args, **kwargs)

        permission = is_seafarer_with_health_consent if health_consent else is_seafarer
        wrapped.permission = permission  # type: ignore[attr-defined]
        return wrapped

    return decorate if view is None else decorate(view)


def view_permission(view: Any) -> Predicate | None:
    """The predicate a view was decorated with, or None (e.g. a public page)."""
    return getattr(view, "permission", None)
