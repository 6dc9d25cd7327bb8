"""One error shape for the API: ``{"detail": "...", "code": "..."}``.

Validation errors (422) keep django-ninja's shape (``{"detail": [{"loc", "msg", "type"}]}``)
because clients already parse it field by field; everything else says what went wrong in
words (translated) and in a stable machine code.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

DEFAULT_ERRORS: dict[int, tuple[str, Any]] = {
    400: ("bad_request", _("请求无效。")),
    401: ("not_authenticated", _("请先登录,或在 Authorization 头中提供有效的访问令牌。")),
    403: ("permission_denied", _("您没有权限执行此操作。")),
    404: ("not_found", _("未找到。")),
    405: ("method_not_allowed", _("不支持此请求方法。")),
    429: ("throttled", _("请求过于频繁,请稍后再试。")),
}
INVALID_JSON = _("请求内容不是有效的 JSON。")


class ApiError(HttpError):
    """An error with a stable ``code`` for clients and a translated ``detail`` for people."""

    def __init__(self, status_code: int, code: str, message: Any) -> None:
        super().__init__(status_code, str(message))
        self.code = code
        self.lazy_message = message


class ErrorOut(Schema):
    detail: str
    code: str


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


def error_responses(*statuses: int) -> dict[int, type[Schema]]:
    """Declared error responses of an operation, so the OpenAPI document is complete."""
    return {s: (ValidationErrorOut if s == 422 else ErrorOut) for s in statuses}


def _error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: Any
) -> HttpResponse:
    response = api.create_response(request, {"detail": str(message), "code": code}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def install_exception_handlers(api: NinjaAPI) -> None:
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, ApiError):
            return _error_response(api, request, exc.status_code, exc.code, exc.lazy_message)
        if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
            # Malformed JSON is a validation error like any other (as in FastAPI), so clients
            # and the OpenAPI document deal with one 422 shape.
            return api.create_response(
                request,
                {"detail": [{"type": "json_invalid", "loc": ["body"], "msg": str(INVALID_JSON)}]},
                status=422,
            )
        if exc.status_code == 403 and "CSRF" in exc.message:
            return _error_response(
                api, request, 403, "csrf_failed", _("CSRF 校验失败,请刷新页面后重试。")
            )
        code, message = DEFAULT_ERRORS.get(exc.status_code, ("error", exc.message))
        response = _error_response(api, request, exc.status_code, code, message)
        wait = getattr(exc, "wait", None)
        if wait is not None:
            response["Retry-After"] = str(int(wait) + 1)
        return response

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error_response(api, request, 404, *DEFAULT_ERRORS[404])

    def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error_response(api, request, 403, *DEFAULT_ERRORS[403])

    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, permission_denied)
