"""API authentication: bearer tokens for clients, the Django session for the browser.

An ``Authorization: Bearer`` header that does not name a usable token is refused outright
(it never falls back to the session), so a client learns why its token failed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from seafarers_home.accounts.models import ApiToken, User
from seafarers_home.api.errors import ApiError
from seafarers_home.consent.services import (
    CONSENT_REQUIRED_MESSAGE,
    missing_required_documents,
)
from seafarers_home.permissions.roles import (
    has_passed_two_factor,
    is_seafarer,
    is_seafarer_with_health_consent,
)

# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_TOKEN_LENGTH = 256

INVALID_TOKEN = _("访问令牌无效。请重新获取令牌。")


class BearerTokenAuth(HttpBearer):
    openapi_bearerFormat = "opaque"
    openapi_description = (
        "API token from POST /api/v1/auth/token, sent as `Authorization: Bearer <token>`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        token = token.strip()
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise ApiError(401, "token_invalid", INVALID_TOKEN)
        api_token = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if api_token is None:
            raise ApiError(401, "token_invalid", INVALID_TOKEN)
        now = timezone.now()
        if api_token.revoked_at is not None:
            raise ApiError(401, "token_revoked", _("访问令牌已被撤销。请重新获取令牌。"))
        if api_token.expires_at <= now:
            raise ApiError(401, "token_expired", _("访问令牌已过期。请重新获取令牌。"))
        if not api_token.user.is_active:
            raise ApiError(401, "account_inactive", _("该账户已停用。"))
        if missing_required_documents(api_token.user):
            raise ApiError(403, "consent_required", CONSENT_REQUIRED_MESSAGE)
        _touch(api_token, now)
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user


def _touch(api_token: ApiToken, now: Any) -> None:
    if api_token.last_used_at is not None and now - api_token.last_used_at < LAST_USED_RESOLUTION:
        return
    # A conditional UPDATE keeps concurrent requests from all writing the same minute.
    ApiToken.objects.filter(pk=api_token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    api_token.last_used_at = now


class SessionAuth(APIKeyCookie):
    """The browser's Django session. Unsafe methods need the CSRF token (X-CSRFToken)."""

    param_name = settings.SESSION_COOKIE_NAME
    openapi_description = "The browser's session cookie after signing in on the web site."

    def _get_key(self, request: HttpRequest) -> str | None:
        # CSRF is checked only once we know a session is in use: a token client without
        # cookies gets a 401, not a CSRF failure.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = getattr(request, "user", None)
        if not key or user is None or not user.is_authenticated:
            return None
        if not has_passed_two_factor(user, request.session):
            raise ApiError(401, "two_factor_required", _("请先在网页上完成两步验证,再使用此接口。"))
        if (
            self.csrf
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise ApiError(403, "csrf_failed", _("CSRF 校验失败,请刷新页面后重试。"))
        return user


bearer_auth = BearerTokenAuth()
session_auth = SessionAuth()
# The classes under second names: consenting_seafarer_auth's subclasses keep the names (the
# OpenAPI security schemes), and a class statement cannot name the class it shadows.
_ProjectBearerTokenAuth = BearerTokenAuth
_ProjectSessionAuth = SessionAuth


def require_consenting_seafarer(user: User, *, not_seafarer: Any, no_consent: Any) -> User:
    """The user, if a seafarer with the health-data consent; else ApiError 403 (the API's
    refusal of a whole operation; someone else's object is still a 404)."""
    if not is_seafarer(user):
        raise ApiError(403, "permission_denied", not_seafarer)
    if not is_seafarer_with_health_consent(user):
        raise ApiError(403, "consent_required", no_consent)
    return user


def authenticated_as(require: Callable[[User], User]) -> list[AuthBase]:
    """Bearer and session authentication that pass the signed-in user through ``require``,
    which answers by raising ApiError (403) for anyone the operations are not for.

    The check runs while authenticating, so that the 403 comes before the body is validated
    (a company officer learns nothing from a 422). The classes keep the project's names, so the
    OpenAPI document still has its two security schemes."""

    class BearerTokenAuth(_ProjectBearerTokenAuth):
        def authenticate(self, request: HttpRequest, token: str) -> User | None:
            user = super().authenticate(request, token)
            return user and require(user)

    class SessionAuth(_ProjectSessionAuth):
        def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
            user = super().authenticate(request, key)
            return user and require(user)

    return [BearerTokenAuth(), SessionAuth()]


def role_auth(predicate: Callable[[User], bool], message: Any) -> list[AuthBase]:
    """Authentication for the operations of one kind of person (``predicate``, e.g.
    ``is_seafarer``): anyone else gets 403 with the given (translated) message."""

    def require(user: User) -> User:
        if not predicate(user):
            raise ApiError(403, "permission_denied", message)
        return user

    return authenticated_as(require)


def consenting_seafarer_auth(*, not_seafarer: Any, no_consent: Any) -> list[AuthBase]:
    """Authentication for a seafarer's own health operations: a signed-in seafarer with the
    health-data consent, else 403 with the given (translated) messages."""
    return authenticated_as(
        lambda user: require_consenting_seafarer(
            user, not_seafarer=not_seafarer, no_consent=no_consent
        )
    )
