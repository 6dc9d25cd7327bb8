"""Every write of accounts: signing in (password, SMS code, TOTP step), signing out, TOTP
enrolment, API tokens, registration and one's own profile. Each ``do_*`` owns its transaction
and audit row; throttling, codes and sessions stay in services.py, throttle.py and
sms_limits.py."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pyotp
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts import throttle
from seafarers_home.accounts.models import ApiToken, Role, RoleGrant, SmsCode, TotpDevice, User
from seafarers_home.accounts.services import (
    PROFILE_FIELDS,
    RegistrationError,
    SmsCodeRejected,
    TotpRejected,
    TotpResult,
    _audit_failure,
    _consume_code,
    _refuse_if_locked,
    _send_code,
    _start_session,
    check_password,
    check_totp,
)
from seafarers_home.audit.services import record_audit
from seafarers_home.consent.actions import do_accept_consent
from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.services import current_document
from seafarers_home.core.session_keys import OTP_SESSION_KEY
from seafarers_home.lib import zones


def do_login_with_password(request: HttpRequest, phone: str, password: str) -> User:
    user = check_password(request, phone, password, "password")
    _start_session(request, user, "password")
    return user


def do_logout(request: HttpRequest) -> None:
    user = request.user
    if user.is_authenticated:
        record_audit(user, "auth.logout", target=user, purpose="authentication", request=request)
    logout(request)


def do_send_login_code(
    phone: str, request: HttpRequest | None = None, challenge_answer: str | None = None
) -> None:
    _send_code(phone, SmsCode.Purpose.LOGIN, request, challenge_answer)


def do_send_registration_code(
    phone: str, request: HttpRequest | None = None, challenge_answer: str | None = None
) -> None:
    _send_code(phone, SmsCode.Purpose.REGISTER, request, challenge_answer)


def do_login_with_sms_code(request: HttpRequest, phone: str, code: str) -> User:
    _refuse_if_locked(phone, request, "sms")
    rejection = _consume_code(phone, SmsCode.Purpose.LOGIN, code)
    user = User.objects.filter(phone=phone, is_active=True).first()
    if rejection is None and user is None:
        rejection = SmsCodeRejected("invalid")
    if rejection is not None:
        _audit_failure(phone, request, "sms", f"code_{rejection.reason}", user)
        raise rejection
    assert user is not None
    _start_session(request, user, "sms")
    return user


def do_begin_totp_enrolment(user: User) -> TotpDevice:
    """The device to enrol: a new secret, or the pending one so that reloading the page does
    not change the QR code under the person's phone."""
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is not None:
            return device
        device = TotpDevice.objects.create(user=user, secret=pyotp.random_base32())
        record_audit(user, "totp.enrolment_started", target=device, purpose="authentication")
    return device


def do_confirm_totp_enrolment(
    user: User, code: str, *, request: HttpRequest | None = None
) -> TotpResult:
    with transaction.atomic():
        result = check_totp(user, code, require_confirmed=False)
        if result is TotpResult.OK:
            device = TotpDevice.objects.select_for_update().get(user=user)
            if not device.is_confirmed:
                device.confirmed_at = timezone.now()
                device.save(update_fields=["confirmed_at", "updated_at"])
                record_audit(
                    user,
                    "totp.enrolled",
                    target=device,
                    purpose="authentication",
                    request=request,
                )
    return result


def do_complete_two_factor(request: HttpRequest, code: str) -> None:
    """The TOTP step of a browser sign-in (enrolment confirmation or a code). Wrong codes count
    toward the same lockout as wrong passwords."""
    user: User = request.user  # type: ignore[assignment]
    _refuse_if_locked(user.phone, request, "totp")
    device = TotpDevice.objects.filter(user=user).first()
    if device is not None and not device.is_confirmed:
        result = do_confirm_totp_enrolment(user, code, request=request)
    else:
        result = check_totp(user, code)
    if result is not TotpResult.OK:
        _audit_failure(user.phone, request, "totp", f"totp_{result.value}", user)
        raise TotpRejected(result)
    with transaction.atomic():
        throttle.clear_failures(user.phone)
        record_audit(
            user, "auth.two_factor", target=user, purpose="authentication", request=request
        )
    request.session.cycle_key()
    request.session[OTP_SESSION_KEY] = True


def do_issue_api_token(
    user: User, *, name: str = "", request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """A new bearer token. The plaintext is returned once and only its SHA-256 is stored."""
    key = "sh_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:80],
            prefix=key[:10],
            key_hash=ApiToken.hash_key(key),
            expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_TTL_DAYS),
        )
        record_audit(
            user,
            "api_token.issued",
            target=token,
            purpose="authentication",
            request=request,
            detail={"prefix": token.prefix, "name": token.name},
        )
    return token, key


def do_revoke_api_token(token: ApiToken, request: HttpRequest | None = None) -> None:
    actor = getattr(request, "user", None) if request is not None else None
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if updated:
            record_audit(
                actor,
                "api_token.revoked",
                target=token,
                purpose="authentication",
                request=request,
                detail={"prefix": token.prefix},
            )
    token.refresh_from_db(fields=["revoked_at"])


def do_register_seafarer(
    request: HttpRequest,
    *,
    phone: str,
    code: str,
    password: str,
    display_name: str,
    accept_terms: bool,
    accept_privacy: bool,
) -> User:
    """A new seafarer account: the number proven by an SMS code, the current service terms and
    privacy policy accepted. Signs the new seafarer in."""
    if not (accept_terms and accept_privacy):
        raise RegistrationError(_("请阅读并同意服务条款和隐私政策。"))
    documents = [current_document(ConsentKind.TERMS), current_document(ConsentKind.PRIVACY)]
    if None in documents:
        raise RegistrationError(_("注册暂不可用:服务条款或隐私政策尚未发布。"))
    rejection = _consume_code(phone, SmsCode.Purpose.REGISTER, code)
    if rejection is not None:
        raise rejection
    try:
        with transaction.atomic():
            user = User.objects.create_user(phone, password, display_name=display_name)
            RoleGrant.objects.create(user=user, role=Role.SEAFARER)
            record_audit(user, "account.registered", target=user, request=request)
            for document in documents:
                assert document is not None
                do_accept_consent(user, document, request)
    except IntegrityError as exc:
        raise RegistrationError(_("该手机号已注册,请直接登录。")) from exc
    _start_session(request, user, "register")
    return user


def do_update_profile(
    user: User, *, request: HttpRequest | None = None, **changes: Any
) -> list[str]:
    """Change one's own display name, preferred language or time zone: the one write behind
    the profile page, the booking page's zone choice and the API's PATCH /me. Returns the
    changed fields. ValidationError (nothing written) for an unknown zone or language."""
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not a profile field: {sorted(unknown)}")
    if "time_zone" in changes and not zones.is_known(changes["time_zone"]):
        raise ValidationError(_("未知的时区,请使用 IANA 时区名称,例如 Asia/Shanghai。"))
    languages = {code for code, _name in settings.LANGUAGES}
    if "preferred_language" in changes and changes["preferred_language"] not in languages:
        raise ValidationError(_("不支持的界面语言。"))
    changed = [f for f, v in changes.items() if getattr(user, f) != v]
    if not changed:
        return []
    with transaction.atomic():
        for field in changed:
            setattr(user, field, changes[field])
        user.full_clean(exclude=["password"])
        user.save(update_fields=[*changed, "updated_at"])
        record_audit(
            user,
            "account.profile.update",
            target=user,
            purpose="self-service",
            request=request,
            detail={"fields": changed},
        )
    return changed
