"""Sign-in (password or SMS code), registration, two-factor, profile and sign-out pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from seafarers_home.accounts import actions, services, sms_limits
from seafarers_home.accounts.forms import (
    PasswordLoginForm,
    ProfileForm,
    RegisterForm,
    SmsCodeForm,
    SmsPhoneForm,
    TotpForm,
)
from seafarers_home.accounts.models import ApiToken, Role, User
from seafarers_home.accounts.requests import AuthenticatedHttpRequest
from seafarers_home.accounts.two_factor import has_passed_two_factor

LOCKED = 429  # the page still renders; scripts see the status

_CodeForm = TypeVar("_CodeForm", bound=forms.Form)


def _safe_next(request: HttpRequest) -> str | None:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _use_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _after_login(request: HttpRequest, user: User) -> HttpResponse:
    """Staff continue to two-factor; others to ?next=, their workspace or the start page."""
    translation.activate(user.preferred_language)
    next_url = _safe_next(request)
    if user.needs_two_factor:
        target = reverse("accounts:two_factor")
        if next_url:
            target += "?" + urlencode({"next": next_url})
    elif next_url:
        target = next_url
    elif user.has_role(Role.COMPANY_OFFICER):
        target = reverse("core:workspace")
    else:
        target = reverse("core:home")
    return _use_language(HttpResponseRedirect(target), user.preferred_language)


def _page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    return render(request, f"accounts/{template}", context, status=status)


@never_cache
@sensitive_post_parameters("password")
def login_password(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return _after_login(request, request.user)
    form = PasswordLoginForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            user = actions.do_login_with_password(
                request, form.cleaned_data["phone"], form.cleaned_data["password"]
            )
        except services.LoginLocked as exc:
            form.add_error(None, exc.message)
            status = LOCKED
        except services.InvalidCredentials as exc:
            form.add_error(None, exc.message)
        else:
            return _after_login(request, user)
    return _page(request, "login.html", {"form": form}, status)


@never_cache
def login_sms(request: HttpRequest) -> HttpResponse:
    """Step 1 sends a code to the number; step 2 (a ``code`` field) signs in with it."""
    status, sent, refusal, challenge = 200, False, None, None
    if request.method == "POST" and "code" in request.POST and "resend" not in request.POST:
        form: SmsPhoneForm | SmsCodeForm = SmsCodeForm(request.POST)
        if form.is_valid():
            try:
                user = actions.do_login_with_sms_code(
                    request, form.cleaned_data["phone"], form.cleaned_data["code"]
                )
            except services.LoginLocked as exc:
                form.add_error(None, exc.message)
                status = LOCKED
            except services.SmsCodeRejected as exc:
                form.add_error("code", exc.message)
            else:
                return _after_login(request, user)
    else:
        form, sent, refusal, status, challenge = _send_code_step(
            request, actions.do_send_login_code, SmsCodeForm
        )
    context = {"form": form, "sent": sent, "refusal": refusal, "challenge": challenge}
    return _page(request, "login_sms.html", context, status)


def _send_code_step(
    request: HttpRequest,
    send: Callable[..., object],
    next_form: type[_CodeForm],
) -> tuple[SmsPhoneForm | _CodeForm, bool, str | None, int, str | None]:
    """Step 1 of both SMS flows: check the number, send a code, then offer the code form.
    Returns the form, whether a code went out, a refusal, the status and the anti-pumping
    question to ask (the phone form again, with the number kept)."""
    form = SmsPhoneForm(request.POST or None)
    if not form.is_valid():
        return form, False, None, 200, None
    phone = form.cleaned_data["phone"]
    try:
        send(phone, request, challenge_answer=request.POST.get("challenge"))
    except sms_limits.ChallengeRequired as exc:
        return SmsPhoneForm(initial={"phone": phone}), False, exc.message, 200, exc.question
    except services.SmsSendRefused as exc:
        return next_form(initial={"phone": phone}), False, exc.message, LOCKED, None
    return next_form(initial={"phone": phone}), True, None, 200, None


@never_cache
@sensitive_post_parameters("password", "password_again")
def register(request: HttpRequest) -> HttpResponse:
    """Step 1 sends a code to the number; step 2 sets name, password and the consents."""
    status, sent, refusal, challenge = 200, False, None, None
    if request.method == "POST" and "code" in request.POST and "resend" not in request.POST:
        form: SmsPhoneForm | RegisterForm = RegisterForm(request.POST)
        if form.is_valid():
            try:
                data = form.cleaned_data
                user = actions.do_register_seafarer(
                    request,
                    phone=data["phone"],
                    code=data["code"],
                    password=data["password"],
                    display_name=data["display_name"],
                    accept_terms=data["accept_terms"],
                    accept_privacy=data["accept_privacy"],
                )
            except (services.SmsCodeRejected, services.RegistrationError) as exc:
                form.add_error(None, exc.message)
            else:
                response = _after_login(request, user)
                if not _safe_next(request):
                    # A new seafarer is led through the seafarer profile first (name, rank,
                    # then vessel and company by search), then to the health services.
                    onboarding = (
                        reverse("organisations:my_profile")
                        + "?"
                        + urlencode({"next": reverse("core:health")})
                    )
                    response = _use_language(redirect(onboarding), user.preferred_language)
                messages.success(request, _("注册成功,欢迎来到海员之家。"))
                return response
    else:
        form, sent, refusal, status, challenge = _send_code_step(
            request, actions.do_send_registration_code, RegisterForm
        )
    context = {"form": form, "sent": sent, "refusal": refusal, "challenge": challenge}
    return _page(request, "register.html", context, status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    actions.do_logout(request)
    return redirect("core:home")


@login_required
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    initial = {f: getattr(user, f) for f in ("display_name", "preferred_language", "time_zone")}
    form = ProfileForm(request.POST or None, initial=initial)
    if form.is_valid():
        changed = actions.do_update_profile(user, request=request, **form.cleaned_data)
        translation.activate(user.preferred_language)
        messages.success(request, _("已保存。") if changed else _("没有需要保存的修改。"))
        return _use_language(redirect("accounts:profile"), user.preferred_language)
    context = {
        "form": form,
        "grants": user.role_grants.select_related("organisation").order_by("role"),
        "tokens": user.api_tokens.filter(revoked_at__isnull=True).order_by("-created_at"),
    }
    return _page(request, "profile.html", context)


def get_api_token_for_user(request: AuthenticatedHttpRequest, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(pk=token_id, user_id=request.user.pk).first()
    if token is None:
        raise Http404
    return token


@require_POST
@login_required
def revoke_token(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    actions.do_revoke_api_token(get_api_token_for_user(request, token_id), request)
    messages.success(request, _("令牌已撤销。"))
    return redirect("accounts:profile")


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff enrol an authenticator (secret + QR code) or enter a code from it."""
    user = request.user
    done = _safe_next(request) or reverse("core:workspace")
    if has_passed_two_factor(user, request.session):
        return redirect(done if user.needs_two_factor else reverse("core:home"))
    device = actions.do_begin_totp_enrolment(user)
    form = TotpForm(request.POST or None)
    status = 200
    if form.is_valid():
        try:
            actions.do_complete_two_factor(request, form.cleaned_data["code"])
        except services.LoginLocked as exc:
            form.add_error(None, exc.message)
            status = LOCKED
        except services.TotpRejected as exc:
            form.add_error("code", exc.message)
        else:
            return redirect(done)
    context: dict[str, Any] = {"form": form, "enrolling": not device.is_confirmed}
    if not device.is_confirmed:
        uri = services.totp_provisioning_uri(user, device)
        context["secret_groups"] = _group(device.secret)
        context["qr_svg"] = mark_safe(segno.make(uri, error="m").svg_inline(scale=4))  # noqa: S308
    return _page(request, "two_factor.html", context, status)
