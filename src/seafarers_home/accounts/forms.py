"""Forms of the sign-in, registration and profile pages. Validation only; the actions live in
services.py."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import LANGUAGE_CHOICES, User, mainland_mobile_validator
from seafarers_home.lib.zones import TimeZoneField

_SEPARATORS = re.compile(r"[\s\-()]")

strict_mobile_validator = mainland_mobile_validator


def normalise_phone(raw: str | None) -> str:
    """Accept what people type: full-width digits (Chinese input methods), spaces, dashes,
    a +86 / 0086 prefix."""
    value = _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw or ""))
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    return value


class PhoneField(forms.CharField):
    default_error_messages = {"required": _("请输入手机号码。")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("手机号码"))
        kwargs.setdefault("max_length", 20)
        super().__init__(validators=[strict_mobile_validator], **kwargs)
        self.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "tel", "placeholder": "13800000000"}
        )

    def to_python(self, value: Any) -> str:
        return normalise_phone(super().to_python(value))


class CodeField(forms.CharField):
    """A six-digit one-time code (SMS or authenticator)."""

    default_error_messages = {
        "required": _("请输入6位数字验证码。"),
        "invalid": _("请输入6位数字验证码。"),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("验证码"))
        super().__init__(max_length=12, **kwargs)
        self.widget.attrs.update(
            {
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "pattern": "[0-9 ]*",
                "maxlength": "7",
            }
        )

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""  # None only with empty_value=None (not set here)
        return "".join(unicodedata.normalize("NFKC", text).split())

    def validate(self, value: str) -> None:
        super().validate(value)
        if not re.fullmatch(r"[0-9]{6}", value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def _password_field(label: Any, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": _("请输入密码。")},
    )


class PasswordLoginForm(forms.Form):
    phone = PhoneField()
    password = _password_field(_("密码"), "current-password")


class SmsPhoneForm(forms.Form):
    phone = PhoneField()


class SmsCodeForm(forms.Form):
    phone = PhoneField(widget=forms.HiddenInput)
    code = CodeField(label=_("短信验证码"))


class TotpForm(forms.Form):
    code = CodeField(label=_("动态码"))


class RegisterForm(forms.Form):
    phone = PhoneField(widget=forms.HiddenInput)
    code = CodeField(label=_("短信验证码"))
    display_name = forms.CharField(
        label=_("称呼"),
        max_length=60,
        help_text=_("其他人看到的名字,可以只写姓或昵称。"),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": _("请填写称呼。")},
    )
    password = _password_field(_("设置密码"), "new-password")
    password_again = _password_field(_("再次输入密码"), "new-password")
    accept_terms = forms.BooleanField(
        label=_("我已阅读并同意《服务条款》"),
        error_messages={"required": _("请阅读并同意服务条款。")},
    )
    accept_privacy = forms.BooleanField(
        label=_("我已阅读并同意《隐私政策》"),
        error_messages={"required": _("请阅读并同意隐私政策。")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules before the first try, in the page's language.
        self.fields["password"].help_text = " ".join(password_validators_help_texts())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        password, again = data.get("password"), data.get("password_again")
        if password and again and password != again:
            self.add_error("password_again", _("两次输入的密码不一致。"))
        elif password:
            candidate = User(phone=data.get("phone", ""), display_name=data.get("display_name", ""))
            try:
                validate_password(password, candidate)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("称呼"),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(label=_("界面语言"), choices=LANGUAGE_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Chosen from Chinese names by sea area, never typed (lib/zones.py); an unlisted
        # zone set earlier stays selectable so that saving a name does not change it.
        self.fields["time_zone"] = TimeZoneField(
            current=self.initial.get("time_zone"),
            label=_("时区"),
            help_text=_("在船上跨时区时可以修改,页面上的时间按此显示。"),
        )
