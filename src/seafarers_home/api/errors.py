"""One error shape for the API: ``{"detail": "...", "code": "..."}``.

Validation errors (422) keep django-ninja's shape (``{"detail": [{"loc", "msg", "type"}]}``)
because clients already parse it field by field; everything else says what went wrong in
words (translated) and in a stable machine code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from seafarers_home.accounts.models import mainland_mobile_validator
from seafarers_home.core.idempotency import CONFLICT_MESSAGE, IdempotencyConflict

DEFAULT_ERRORS: dict[int, tuple[str, Any]] = {
    400: ("bad_request", _("请求无效。")),
    401: ("not_authenticated", _("请先登录,或在 Authorization 头中提供有效的访问令牌。")),
    403: ("permission_denied", _("您没有权限执行此操作。")),
    404: ("not_found", _("未找到。")),
    405: ("method_not_allowed", _("不支持此请求方法。")),
    429: ("throttled", _("请求过于频繁,请稍后再试。")),
}
INVALID_JSON = _("请求内容不是有效的 JSON。")

# pydantic's error types, grouped by what we tell people. Its own messages are English only
# ("String should match pattern '^1[3-9]...'") and show regexes to users.
REQUIRED = _("此项为必填项。")
MALFORMED = _("格式不正确。")
TOO_LONG = _("内容过长。")
TOO_SHORT = _("内容过短。")
OUT_OF_RANGE = _("数值超出允许范围。")
TOO_LONG_LIMIT = _("内容过长,最多 %(limit)s 个字符。")
TOO_SHORT_LIMIT = _("内容过短,至少 %(limit)s 个字符。")
ONE_OF = _("只能是以下值之一:%(expected)s。")
FIELD_MESSAGES: dict[str, Any] = {
    "missing": REQUIRED,
    "string_too_long": TOO_LONG,
    "too_long": TOO_LONG,
    "bytes_too_long": TOO_LONG,
    "string_too_short": TOO_SHORT,
    "too_short": TOO_SHORT,
    "greater_than": OUT_OF_RANGE,
    "greater_than_equal": OUT_OF_RANGE,
    "less_than": OUT_OF_RANGE,
    "less_than_equal": OUT_OF_RANGE,
}
# Fields whose pattern mismatch has a better message than "malformed".
PATTERN_MESSAGES: dict[str, Any] = {"phone": mainland_mobile_validator.message}


def field_error_message(error: dict[str, Any]) -> str:
    """A translated message for one pydantic error. Our own PydanticCustomError messages are
    already translated and kept; everything else of pydantic's becomes one of ours, with the
    limit or the allowed values where pydantic gives them (clients show them to people)."""
    kind = error.get("type", "")
    field = str(error["loc"][-1]) if error.get("loc") else ""
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        return str(PATTERN_MESSAGES.get(field, MALFORMED))
    if kind == "string_too_long" and "max_length" in ctx:
        return str(TOO_LONG_LIMIT) % {"limit": ctx["max_length"]}
    if kind == "string_too_short" and "min_length" in ctx:
        return str(TOO_SHORT_LIMIT) % {"limit": ctx["min_length"]}
    if kind in {"literal_error", "enum"} and "expected" in ctx:
        return str(ONE_OF) % {"expected": ctx["expected"]}
    if kind in FIELD_MESSAGES:
        return str(FIELD_MESSAGES[kind])
    if kind.endswith(("_type", "_parsing", "_error")) or kind in {"enum", "json_invalid"}:
        return str(MALFORMED)
    return str(error.get("msg", MALFORMED))


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


# A 422 is either field errors or one error with a code (``idempotency_conflict``): both are
# published, so that a client (and schemathesis) can check every 422 body against the schema.
UnprocessableOut = ValidationErrorOut | ErrorOut


def error_responses(*statuses: int) -> dict[int, Any]:
    """Declared error responses of an operation, so the OpenAPI document is complete."""
    return {s: (UnprocessableOut if s == 422 else ErrorOut) for s in statuses}


def _error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: Any
) -> HttpResponse:
    response = api.create_response(request, {"detail": str(message), "code": code}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


_E = TypeVar("_E", bound=Exception)


def _add_handler(
    api: NinjaAPI, exc_class: type[_E], handler: Callable[[HttpRequest, _E], HttpResponse]
) -> None:
    # django-ninja types a handler as taking the exception or its class (ExcHandler), but only
    # ever calls it with the raised instance (NinjaAPI.on_exception, from an except block).
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


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

    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = [
            {
                "type": error.get("type", "value_error"),
                "loc": list(error.get("loc", ())),
                "msg": field_error_message(error),
            }
            for error in exc.errors
        ]
        return api.create_response(request, {"detail": detail}, status=422)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error_response(api, request, 404, *DEFAULT_ERRORS[404])

    def permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return _error_response(api, request, 403, *DEFAULT_ERRORS[403])

    def conflict(request: HttpRequest, exc: IdempotencyConflict) -> HttpResponse:
        # The one mapping of the one exception: endpoints let it through.
        return _error_response(api, request, 422, "idempotency_conflict", CONFLICT_MESSAGE)

    _add_handler(api, HttpError, http_error)
    _add_handler(api, IdempotencyConflict, conflict)
    _add_handler(api, ValidationError, validation_error)
    _add_handler(api, Http404, not_found)
    _add_handler(api, PermissionDenied, permission_denied)


MAX_IDEMPOTENCY_KEY_LENGTH = 80

# The ``Idempotency-Key`` header of every write endpoint, as the schema declares it (so that a
# client, and schemathesis, send keys ``clean_idempotency_key`` accepts):
# ``Header(..., **IDEMPOTENCY_KEY_HEADER)``.
IDEMPOTENCY_KEY_HEADER: dict[str, Any] = {
    "alias": "Idempotency-Key",
    "min_length": 1,
    "max_length": MAX_IDEMPOTENCY_KEY_LENGTH,
    "pattern": r"^[!-~]+$",
    "description": "1–80 visible ASCII characters, new for each write (e.g. a UUID: "
    "3f2b8c1e-6d0a-4e0b-9a51-0c7e0f6b9d42); repeat it unchanged when resending after a "
    "dropped link.",
}


def clean_idempotency_key(value: str) -> str:
    """The ``Idempotency-Key`` header, stripped; 422 (as a field error) unless 1–80 characters."""
    key = value.strip()
    # No NUL: PostgreSQL cannot store it (the key is a column).
    if not key or len(key) > MAX_IDEMPOTENCY_KEY_LENGTH or "\x00" in key:
        raise ValidationError(
            [
                {
                    "type": "value_error",
                    "loc": ["header", "Idempotency-Key"],
                    "msg": str(_("Idempotency-Key 必须是 1 到 80 个字符。")),
                }
            ]
        )
    return key
