"""The foundation's own types of personal data: the account, the seafarer profile and the
consent records. Later apps register theirs the same way (see ``personal_data``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from seafarers_home.accounts.models import ApiToken, LoginThrottle, SmsCode, TotpDevice, User
from seafarers_home.accounts.throttle import phone_key
from seafarers_home.consent.models import ConsentKind, ConsentRecord
from seafarers_home.consent.personal_data import register_personal_data_type
from seafarers_home.consent.services import do_withdraw_consent
from seafarers_home.organisations.models import SeafarerProfile


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


def _profile(user: User) -> SeafarerProfile | None:
    return (
        SeafarerProfile.objects.filter(user=user)
        .select_related("company", "pending_company", "current_vessel")
        .first()
    )


def export_seafarer_profile(user: User) -> dict[str, Any] | None:
    profile = _profile(user)
    if profile is None:
        return None
    return {
        "real_name": profile.real_name,
        "seafarers_book_number": profile.seafarers_book_number,
        "rank": profile.rank,
        "company": profile.company.name if profile.company else None,
        # A company chosen but not yet confirmed by it (organisations/membership.py).
        "pending_company": profile.pending_company.name if profile.pending_company else None,
        "pending_since": _iso(profile.pending_since) if profile.pending_since else None,
        "current_vessel": (
            {
                "name": profile.current_vessel.name,
                "registration_number": profile.current_vessel.registration_number,
            }
            if profile.current_vessel
            else None
        ),
        "emergency_contact_name": profile.emergency_contact_name,
        "emergency_contact_phone": profile.emergency_contact_phone,
        "emergency_contact_relation": profile.emergency_contact_relation,
        "created_at": _iso(profile.created_at),
        "updated_at": _iso(profile.updated_at),
    }


def erase_seafarer_profile(user: User) -> None:
    profile = _profile(user)
    if profile is None:
        return
    profile.real_name = ""
    profile.seafarers_book_number = None
    profile.rank = SeafarerProfile.Rank.OTHER
    profile.company = None
    profile.pending_company, profile.pending_since = None, None  # off the officer's list too
    profile.current_vessel = None
    profile.emergency_contact_name = ""
    profile.emergency_contact_phone = ""
    profile.emergency_contact_relation = ""
    profile.save()


def seafarer_profile_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in SeafarerProfile.objects.filter(user=user).values_list("pk", flat=True):
        yield ("organisations.seafarerprofile", str(pk))


def export_consents(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": record.document.kind,
            "version": record.document.version,
            "title": record.document.title,
            "accepted_at": _iso(record.accepted_at),
            "withdrawn_at": _iso(record.withdrawn_at),
            "ip_address": record.ip_address,
        }
        for record in ConsentRecord.objects.filter(user=user)
        .select_related("document")
        .order_by("accepted_at", "id")
    ]


def consent_targets(user: User) -> Iterable[tuple[str, str]]:
    for pk in ConsentRecord.objects.filter(user=user).values_list("pk", flat=True):
        yield ("consent.consentrecord", str(pk))


def register() -> None:
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
    register_personal_data_type(
        "seafarer_profile",
        _("海员档案"),
        export=export_seafarer_profile,
        erase=erase_seafarer_profile,
        audit_targets=seafarer_profile_targets,
        help_text=_("真实姓名、海员证号、职务、所在企业和船舶、紧急联系人。"),
        models=("organisations.SeafarerProfile",),
    )
    register_personal_data_type(
        "consents",
        _("同意记录"),
        export=export_consents,
        erase=None,
        audit_targets=consent_targets,
        help_text=_("您何时同意或撤回了哪一版文件。它证明处理有合法依据,只能撤回,不能删除。"),
        models=("consent.ConsentRecord",),
    )
