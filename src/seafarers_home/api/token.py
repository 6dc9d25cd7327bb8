"""POST /api/v1/auth/token: a phone number and password (plus a TOTP code for staff) in
exchange for a bearer token. Mounted by api/urls.py at /v1/auth/: the API's own
authentication, beside api/auth.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from seafarers_home.accounts import actions, services
from seafarers_home.api.errors import ErrorOut, ValidationErrorOut
from seafarers_home.core.inputs import Text

router = Router(tags=["auth"])

# ASCII digits only; in the Rust regex engine pydantic uses, "$" is the end of the text.
PHONE_PATTERN = r"^1[3-9][0-9]{9}$"


class TokenIn(Schema):
    phone: str = Field(..., pattern=PHONE_PATTERN, description="Mainland mobile number.")
    password: str = Field(..., min_length=1, max_length=128)
    totp_code: str | None = Field(
        None, pattern=r"^[0-9]{6}$", description="Required for staff roles."
    )
    name: Text = Field("", max_length=80, description="A label for the token, e.g. the device.")


class TokenUser(Schema):
    id: int
    display_name: str
    roles: list[str]


class TokenOut(Schema):
    token: str
    token_type: Literal["Bearer"]
    expires_at: datetime
    user: TokenUser


class LockedOut(ErrorOut):
    retry_after: int = Field(..., description="Seconds until sign-in is possible again.")


def _error(code: str, message: str) -> dict[str, str]:
    return {"detail": str(message), "code": code}


@router.post(
    "/token",
    auth=None,
    response={200: TokenOut, 401: ErrorOut, 422: ValidationErrorOut, 429: LockedOut},
    summary="Exchange phone + password (+ TOTP for staff) for an API token",
    description=(
        "Staff roles (clinician, counsellor, union staff, administrator) also send `totp_code`. "
        "Failed attempts count toward the same lockout as the web sign-in; when locked the "
        "answer is 429 with `Retry-After`. The token is shown once: store it."
    ),
)
def issue_token(
    request: HttpRequest, payload: TokenIn, response: HttpResponse
) -> Status[dict[str, Any]]:
    try:
        user = services.authenticate_for_api_token(
            request, payload.phone, payload.password, payload.totp_code
        )
    except services.LoginLocked as exc:
        response["Retry-After"] = str(exc.retry_after_seconds)
        body = {**_error("locked", exc.message), "retry_after": exc.retry_after_seconds}
        return Status(429, body)
    except services.InvalidCredentials as exc:
        return Status(401, _error("invalid_credentials", exc.message))
    except services.TotpRequired:
        return Status(401, _error("totp_required", services.TotpRejected.required_message()))
    except services.TotpRejected as exc:
        code = "totp_required" if exc.result is services.TotpResult.NO_DEVICE else "invalid_totp"
        return Status(401, _error(code, exc.message))
    token, key = actions.do_issue_api_token(user, name=payload.name, request=request)
    user_out = {"id": user.pk, "display_name": user.display_name, "roles": sorted(user.role_set)}
    body = {"token": key, "token_type": "Bearer", "expires_at": token.expires_at, "user": user_out}
    return Status(200, body)
