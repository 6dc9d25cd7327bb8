"""Sign-in, one-time codes, two-factor, API tokens and registration: the write actions of the
accounts app. Each owns its transaction and writes its audit row (never a password or code).

Failed attempts are recorded in their own committed transaction *before* the refusal is
raised, so a refusal never rolls its own count back.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from datetime import timedelta
from enum import Enum

import pyotp
from django.conf import settings
from django.contrib.auth import authenticate, login
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from seafarers_home.accounts import sms_limits, throttle
from seafarers_home.accounts.models import SmsCode, TotpDevice, User
from seafarers_home.accounts.sms import SmsDeliveryError, get_sms_backend
from seafarers_home.accounts.throttle import LoginLocked, lockout_message
from seafarers_home.audit.services import client_address, record_audit
from seafarers_home.core.session_keys import OTP_SESSION_KEY

AUTH_BACKEND = "seafarers_home.accounts.backends.PhonePasswordBackend"
logger = logging.getLogger(__name__)

__all__ = [
    "InvalidCredentials",
    "LoginLocked",
    "RegistrationError",
    "SmsCodeRejected",
    "SmsSendRefused",
    "TotpRejected",
    "TotpRequired",
    "TotpResult",
    "lockout_message",
]


class InvalidCredentials(Exception):
    @property
    def message(self) -> str:
        return _("手机号码或密码不正确。")


class SmsSendRefused(Exception):
    def __init__(self, message: str, retry_after_seconds: int) -> None:
        super().__init__(message)
        self.message = message
        self.retry_after_seconds = retry_after_seconds


class SmsCodeRejected(Exception):
    """A one-time code was refused. ``reason``: missing, invalid, expired, used, superseded,
    exhausted."""

    def __init__(self, reason: str, remaining_attempts: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.remaining_attempts = remaining_attempts

    @property
    def message(self) -> str:
        if self.reason == "invalid" and self.remaining_attempts:
            return ngettext(
                "验证码不正确,还可以再试 %(count)d 次。",
                "验证码不正确,还可以再试 %(count)d 次。",
                self.remaining_attempts,
            ) % {"count": self.remaining_attempts}
        return {
            "missing": _("请先获取验证码。"),
            "invalid": _("验证码不正确,请重新获取。"),
            "expired": _("验证码已过期,请重新获取。"),
            "used": _("该验证码已经使用过,请重新获取。"),
            "superseded": _("该验证码已被新发送的验证码取代,请使用最新收到的验证码。"),
            "exhausted": _("错误次数过多,该验证码已失效,请重新获取。"),
        }[self.reason]


class TotpResult(Enum):
    OK = "ok"
    INVALID = "invalid"
    REPLAYED = "replayed"
    NO_DEVICE = "no_device"


class TotpRejected(Exception):
    def __init__(self, result: TotpResult) -> None:
        super().__init__(result.value)
        self.result = result

    @property
    def message(self) -> str:
        if self.result is TotpResult.REPLAYED:
            return _("这个动态码刚刚已经用过,请等待身份验证器显示下一个动态码。")
        if self.result is TotpResult.NO_DEVICE:
            return _("尚未绑定身份验证器,请先在网页上完成两步验证的绑定。")
        return _("动态码不正确,请核对手机上身份验证器显示的6位数字。")

    @staticmethod
    def required_message() -> str:
        return _("工作人员账号还需要提供身份验证器显示的6位动态码(totp_code)。")


class TotpRequired(Exception):
    """A staff member asked for an API token without a TOTP code."""


class RegistrationError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else "***"


def _audit_failure(
    phone: str, request: HttpRequest | None, method: str, reason: str, user: User | None = None
) -> None:
    """Record a failed attempt against the throttle and in the audit trail, in one committed
    transaction. Raises LoginLocked if this failure locked the number or the address."""
    user = user or User.objects.filter(phone=phone).first()
    with transaction.atomic():
        outcome = throttle.record_failure(phone, request)
        record_audit(
            None,
            "auth.login_failed",
            target=user,
            target_type="accounts.user",
            purpose="authentication",
            request=request,
            detail={"method": method, "reason": reason, "phone": _masked(phone)},
        )
        for key in outcome.newly_locked:
            record_audit(
                None,
                "auth.locked",
                target=user,
                target_type="accounts.user",
                purpose="authentication",
                request=request,
                detail={"key": key, "until": outcome.retry_at, "phone": _masked(phone)},
            )
    if outcome.retry_at is not None:
        raise LoginLocked(outcome.retry_at)


def _refuse_if_locked(phone: str, request: HttpRequest | None, method: str) -> None:
    until = throttle.locked_until(phone, request)
    if until is not None:
        record_audit(
            None,
            "auth.login_failed",
            target_type="accounts.user",
            purpose="authentication",
            request=request,
            detail={"method": method, "reason": "locked", "phone": _masked(phone)},
        )
        raise LoginLocked(until)


def _start_session(request: HttpRequest, user: User, method: str) -> None:
    with transaction.atomic():
        # Staff finish signing in at the TOTP step; their failures are cleared there, so that
        # a known password cannot be used to reset the count between TOTP guesses.
        if not user.needs_two_factor:
            throttle.clear_failures(user.phone)
        record_audit(
            user,
            "auth.login",
            target=user,
            purpose="authentication",
            request=request,
            detail={"method": method},
        )
    login(request, user, backend=AUTH_BACKEND)
    request.session.pop(OTP_SESSION_KEY, None)


def check_password(request: HttpRequest | None, phone: str, password: str, method: str) -> User:
    """Phone + password with throttling, without starting a session (the API uses it)."""
    _refuse_if_locked(phone, request, method)
    user = authenticate(request, phone=phone, password=password)
    if user is None:
        _audit_failure(phone, request, method, "invalid_credentials")
        raise InvalidCredentials
    return user


# One-time SMS codes ---------------------------------------------------------------------------


def _generate_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def _send_code(
    phone: str, purpose: str, request: HttpRequest | None, challenge_answer: str | None = None
) -> None:
    """Create a code row for any well-formed number, so that throttles and answers are the same
    whether or not the number is registered; only an eligible number receives the code.
    Past the per-address threshold the caller must have answered the anti-pumping question
    (``sms_limits.ChallengeRequired``); the address, prefix and global windows refuse with
    ``SmsSendRefused``."""
    sms_limits.check_challenge(request, challenge_answer)
    now = timezone.now()
    code = _generate_code()
    registered = User.objects.filter(phone=phone, is_active=True).exists()
    with transaction.atomic():
        # One lock row per number serialises concurrent requests for it.
        throttle.LoginThrottle.objects.select_for_update().get_or_create(key=f"sms:{phone}")
        recent = SmsCode.objects.filter(phone=phone, created_at__gte=now - timedelta(days=1))
        latest = recent.order_by("-created_at").first()
        if latest is not None:
            wait = settings.SMS_CODE_RESEND_SECONDS - (now - latest.created_at).total_seconds()
            if wait > 0:
                seconds = int(wait) + 1
                raise SmsSendRefused(throttle.retry_message_seconds(seconds), seconds)
        if recent.count() >= settings.SMS_CODES_PER_DAY:
            oldest = recent.order_by("created_at").first()
            assert oldest is not None
            seconds = int((oldest.created_at + timedelta(days=1) - now).total_seconds()) + 1
            raise SmsSendRefused(_("该号码今天获取验证码的次数已达上限,请明天再试。"), seconds)
        try:
            sms_limits.reserve(phone, request)
        except sms_limits.LimitReached as exc:
            raise SmsSendRefused(exc.message, exc.retry_after_seconds) from None
        row = SmsCode.objects.create(
            phone=phone,
            purpose=purpose,
            code_hash=SmsCode.hash_code(phone, code),
            expires_at=now + timedelta(seconds=settings.SMS_CODE_TTL_SECONDS),
            requested_from=client_address(request),
        )
        record_audit(
            None,
            "auth.sms_code_sent",
            target=row,
            purpose="authentication",
            request=request,
            detail={"phone": _masked(phone), "purpose": purpose},
        )
    sms_limits.use_pass(request)
    minutes = max(1, settings.SMS_CODE_TTL_SECONDS // 60)
    if purpose == SmsCode.Purpose.LOGIN and registered:
        message = _("您的海员之家登录验证码是 %(code)s,%(minutes)d 分钟内有效。请勿告诉他人。")
    elif purpose == SmsCode.Purpose.REGISTER and not registered:
        message = _("您的海员之家注册验证码是 %(code)s,%(minutes)d 分钟内有效。请勿告诉他人。")
    elif purpose == SmsCode.Purpose.REGISTER:
        # Tell only the owner of the number that an account exists; the page says the same
        # as for a new number.
        message = _("该手机号已注册海员之家,请直接登录。如非本人操作请忽略。")
    else:
        return
    try:
        get_sms_backend().send(phone, message % {"code": code, "minutes": minutes})
    except SmsDeliveryError:
        # The page answers as for any number (it must not reveal registration); the person
        # asks again after the resend interval, and operators see the failure in the log.
        logger.exception("SMS to %s could not be delivered", _masked(phone))


def _consume_code(phone: str, purpose: str, code: str) -> SmsCodeRejected | None:
    """Use up a matching live code; otherwise count the attempt and say why it was refused."""
    now = timezone.now()
    given = SmsCode.hash_code(phone, code)
    max_attempts = settings.SMS_CODE_MAX_ATTEMPTS
    with transaction.atomic():
        rows = list(
            SmsCode.objects.select_for_update()
            .filter(phone=phone, purpose=purpose, created_at__gte=now - timedelta(days=1))
            .order_by("-created_at", "-id")
        )
        if not rows:
            return SmsCodeRejected("missing")
        latest = rows[0]
        match = next((r for r in rows if hmac.compare_digest(r.code_hash, given)), None)
        if match is None:
            if latest.used_at is not None:
                return SmsCodeRejected("missing")
            if latest.expires_at <= now:
                return SmsCodeRejected("expired")
            if latest.attempts >= max_attempts:
                return SmsCodeRejected("exhausted")
            latest.attempts += 1
            latest.save(update_fields=["attempts", "updated_at"])
            remaining = max_attempts - latest.attempts
            return (
                SmsCodeRejected("invalid", remaining) if remaining else SmsCodeRejected("exhausted")
            )
        if match.used_at is not None:
            return SmsCodeRejected("used")
        if match is not latest:
            return SmsCodeRejected("superseded")
        if match.attempts >= max_attempts:
            return SmsCodeRejected("exhausted")
        if match.expires_at <= now:
            return SmsCodeRejected("expired")
        match.used_at = now
        match.save(update_fields=["used_at", "updated_at"])
    return None


# TOTP two-factor --------------------------------------------------------------------------------


def _totp(device: TotpDevice) -> pyotp.TOTP:
    return pyotp.TOTP(device.secret)


def totp_provisioning_uri(user: User, device: TotpDevice) -> str:
    return _totp(device).provisioning_uri(name=user.phone, issuer_name=settings.TOTP_ISSUER)


def check_totp(user: User, code: str, *, require_confirmed: bool = True) -> TotpResult:
    """Accept a code from the current step ± TOTP_VALID_WINDOW, once: the accepted step is
    remembered and codes from it or earlier steps are refused as replays."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit() or not code.isascii():
        return TotpResult.INVALID
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None or (require_confirmed and not device.is_confirmed):
            return TotpResult.NO_DEVICE
        totp = _totp(device)
        current = int(time.time()) // totp.interval
        window = settings.TOTP_VALID_WINDOW
        matched = [
            step
            for step in range(current - window, current + window + 1)
            if hmac.compare_digest(totp.generate_otp(step), code)
        ]
        if not matched:
            return TotpResult.INVALID
        step = max(matched)
        if device.last_used_step is not None and step <= device.last_used_step:
            return TotpResult.REPLAYED
        device.last_used_step = step
        device.save(update_fields=["last_used_step", "updated_at"])
    return TotpResult.OK


def verify_totp(user: User, code: str) -> bool:
    return check_totp(user, code) is TotpResult.OK


# API tokens ---------------------------------------------------------------------------------------


def authenticate_for_api_token(
    request: HttpRequest, phone: str, password: str, totp_code: str | None
) -> User:
    """Password, then (for staff) a TOTP code. Raises InvalidCredentials, LoginLocked,
    TotpRequired or TotpRejected."""
    user = check_password(request, phone, password, "api_token")
    if user.needs_two_factor:
        if not totp_code:
            raise TotpRequired
        result = check_totp(user, totp_code)
        if result is TotpResult.NO_DEVICE:
            raise TotpRejected(result)
        if result is not TotpResult.OK:
            _audit_failure(phone, request, "api_token", f"totp_{result.value}", user)
            raise TotpRejected(result)
    throttle.clear_failures(phone)
    return user


# Registration and profile -----------------------------------------------------------------------


PROFILE_FIELDS = ("display_name", "preferred_language", "time_zone")
