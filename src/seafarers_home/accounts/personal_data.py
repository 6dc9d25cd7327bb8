"""The account as a type of personal data (export and erasure, consent/personal_data.py):
registered from AccountsConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import ApiToken, LoginThrottle, SmsCode, TotpDevice, User
from seafarers_home.accounts.throttle import phone_key
from seafarers_home.consent.actions import do_withdraw_consent
from seafarers_home.consent.models import ConsentKind
from seafarers_home.consent.personal_data import register_personal_data_type


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export_account(user: User) -> dict[str, Any]:
    return {
        "phone": user.phone,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "time_zone": user.time_zone,
        "is_active": user.is_active,
        "created_at": _iso(user.created_at),
        "last_login": _iso(user.last_login),
        "roles": [
            {
                "role": grant.role,
                "organisation": grant.organisation.name if grant.organisation else None,
            }
            for grant in user.role_grants.select_related("organisation").order_by("id")
        ],
    }


def anonymous_phone(user: User) -> str:
    # Unique (the login), 11 characters like a real number, but never a valid mobile number.
    return f"x{user.pk:010d}"[-11:]


def erase_account(user: User) -> None:
    """Deactivate and anonymise. The row stays so that audit rows still point somewhere."""
    phone = user.phone
    # An erased account consents to nothing; the records stay, withdrawn, as evidence.
    for kind in ConsentKind.values:
        do_withdraw_consent(user, kind)
    # The number must not survive in sign-in codes or throttle counters (accounts.throttle).
    SmsCode.objects.filter(phone=phone).delete()
    LoginThrottle.objects.filter(key__in=[phone_key(phone), f"sms:{phone}"]).delete()
    user.phone = anonymous_phone(user)
    user.display_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.role_grants.all().delete()
    TotpDevice.objects.filter(user=user).delete()
    # Deleted rather than revoked: a token's name is the person's own words, and nothing
    # needs the rows once the account can no longer sign in.
    ApiToken.objects.filter(user=user).delete()


def account_targets(user: User) -> Iterable[tuple[str, str]]:
    yield ("accounts.user", str(user.pk))


def register_personal_data() -> None:
    register_personal_data_type(
        "account",
        _("账户"),
        export=export_account,
        erase=erase_account,
        audit_targets=account_targets,
        help_text=_("手机号码、称呼、语言、时区和角色。删除账户会停用并匿名化账户,并退出登录。"),
        # Sign-in codes and throttle counters hold the number, not a user id.
        models=(
            "accounts.User",
            "accounts.RoleGrant",
            "accounts.TotpDevice",
            "accounts.ApiToken",
            "accounts.SmsCode",
            "accounts.LoginThrottle",
        ),
    )
