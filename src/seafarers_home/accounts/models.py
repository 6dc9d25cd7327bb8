"""People who sign in: mainland mobile number as the login, several roles per person."""

from __future__ import annotations

import hashlib
from typing import ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

# Django's, not functools': the latter (Python 3.11) holds one lock for every instance while it
# computes, so each request's role query waited for the other threads' (issue 20 item 8).
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.crypto import EncryptedTextField
from seafarers_home.core.models import TimestampedModel
from seafarers_home.core.roles import STAFF_ROLES, Role
from seafarers_home.lib import sql_reads
from seafarers_home.lib.choice_labels import ChoiceLabels
from seafarers_home.lib.zones import hospital_zone_name

# ASCII digits to the very end: ``\d`` would take other scripts' digits, ``$`` a newline.
MAINLAND_MOBILE_RE = r"\A1[3-9][0-9]{9}\Z"
mainland_mobile_validator = RegexValidator(
    MAINLAND_MOBILE_RE,
    _("请输入11位中国大陆手机号码,例如 13800000000。"),
    code="invalid_phone",
)
# The interface languages (the ``LANGUAGES`` setting's codes); the profile form offers the same.
LANGUAGE_CHOICES = [("zh-hans", "简体中文"), ("en", "English")]


# The organisation kinds a grant of each role may name. Access checks scope staff by their
# grant's organisation, so a grant without one would see nothing, or, worse, be read as
# "everywhere" by a careless later check. ``None`` in a set: the organisation may be empty.
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str | None]] = {
    Role.CLINICIAN: frozenset({"hospital", "department"}),
    Role.COUNSELLOR: frozenset({"hospital", "department"}),
    Role.UNION_STAFF: frozenset({"city_federation", "industrial_union", "company_union"}),
    Role.COMPANY_OFFICER: frozenset({"company", "company_union"}),
    Role.SEAFARER: frozenset({"company", None}),
    Role.LEGAL_WORKER: frozenset({"city_federation", "industrial_union", "law_firm"}),
    Role.TRAINING_OFFICER: frozenset({"industrial_union", "training_provider"}),
}
ROLES_NEEDING_ORGANISATION = (
    Role.CLINICIAN,
    Role.COUNSELLOR,
    Role.UNION_STAFF,
    Role.COMPANY_OFFICER,
    Role.LEGAL_WORKER,
    Role.TRAINING_OFFICER,
)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, phone: str, password: str | None = None, **extra: object) -> User:
        if not phone:
            raise ValueError("phone is required")
        user = self.model(phone=phone, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        user = self.create_user(phone, password, **extra)
        RoleGrant.objects.get_or_create(user=user, role=Role.ADMINISTRATOR)
        return user


class User(ChoiceLabels, AbstractBaseUser, PermissionsMixin):
    phone = models.CharField(
        _("手机号码"), max_length=11, unique=True, validators=[mainland_mobile_validator]
    )
    display_name = models.CharField(_("称呼"), max_length=60, blank=True)
    preferred_language = models.CharField(
        _("界面语言"),
        max_length=10,
        choices=LANGUAGE_CHOICES,
        default="zh-hans",
    )
    time_zone = models.CharField(_("时区"), max_length=64, default=hospital_zone_name)
    is_active = models.BooleanField(_("启用"), default=True)
    # Access to the Django admin only; roles below decide everything else.
    is_staff = models.BooleanField(_("可进入后台"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.masked_phone

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-4:]}" if len(self.phone) == 11 else self.phone

    @cached_property
    def role_set(self) -> frozenset[str]:
        # Every signed-in request reads it: SQL written once (lib/sql_reads.py), not the ORM's.
        if self.pk is None:
            return frozenset()
        role, user = sql_reads.column(RoleGrant, "role"), sql_reads.column(RoleGrant, "user")
        sql = f"SELECT {role} FROM {sql_reads.table(RoleGrant)} WHERE {user} = %s"  # noqa: S608
        return frozenset(sql_reads.values(sql, [self.pk]))

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set.intersection(roles))

    @property
    def needs_two_factor(self) -> bool:
        # Admin flags count too: whoever can open the back office must have passed TOTP.
        return bool(self.role_set & STAFF_ROLES) or self.is_staff or self.is_superuser

    def organisations_for(self, role: str) -> list[int]:
        return [
            org_id
            for org_id in self.role_grants.filter(role=role).values_list(
                "organisation_id", flat=True
            )
            if org_id is not None
        ]


class RoleGrant(TimestampedModel):
    """One role a person holds, in an organisation (a clinician at the hospital, an officer of
    one company). A person may hold several grants."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("所属机构"),
    )

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organisation"], name="unique_role_grant"
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=ROLES_NEEDING_ORGANISATION)
                | models.Q(organisation__isnull=False),
                name="role_grant_staff_has_organisation",
                violation_error_message=_("此角色必须指定所属机构。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"

    def clean(self) -> None:
        super().clean()
        allowed = ROLE_ORGANISATION_KINDS.get(self.role)
        if allowed is None:  # administrator (any organisation or none) or an unknown role
            return
        organisation = self.organisation if self.organisation_id else None
        kind = organisation.kind if organisation is not None else None
        if kind in allowed:
            return
        if organisation is None:
            raise ValidationError({"organisation": _("此角色必须指定所属机构。")})
        raise ValidationError(
            {
                "organisation": _("%(role)s不能属于此类机构(%(kind)s)。")
                % {"role": self.get_role_display(), "kind": organisation.get_kind_display()}
            }
        )


class LoginThrottle(TimestampedModel):
    """Failed sign-in attempts for one key (a phone number or a client address)."""

    key = models.CharField(_("键"), max_length=80, unique=True)
    failures = models.PositiveIntegerField(_("失败次数"), default=0)
    window_started_at = models.DateTimeField(_("计数开始时间"), default=timezone.now)
    locked_until = models.DateTimeField(_("锁定至"), null=True, blank=True)

    class Meta:
        verbose_name = _("登录限制")
        verbose_name_plural = _("登录限制")


class SmsCode(TimestampedModel):
    """A one-time code sent by SMS. Only a hash is stored; a code is used at most once."""

    class Purpose(models.TextChoices):
        LOGIN = "login", _("登录")
        REGISTER = "register", _("注册")

    phone = models.CharField(max_length=11, db_index=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.LOGIN)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_from = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("短信验证码")
        verbose_name_plural = _("短信验证码")

    @staticmethod
    def hash_code(phone: str, code: str) -> str:
        # Keyed, because six digits are quickly found from a plain hash of a leaked table.
        return salted_hmac("sms-code", f"{phone}:{code}", algorithm="sha256").hexdigest()


class TotpDevice(TimestampedModel):
    """The authenticator app a staff member enrolled. The secret is encrypted at rest."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="totp_device", verbose_name=_("用户")
    )
    secret = EncryptedTextField()
    confirmed_at = models.DateTimeField(_("绑定确认时间"), null=True, blank=True)
    # The last accepted time step: a code is never accepted twice (replay).
    last_used_step = models.BigIntegerField(_("最近使用的时间步"), null=True, blank=True)

    class Meta:
        verbose_name = _("身份验证器")
        verbose_name_plural = _("身份验证器")

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class ApiToken(TimestampedModel):
    """A bearer token for API clients. Only a SHA-256 of the token is stored."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("用户")
    )
    name = models.CharField(_("名称"), max_length=80, blank=True)
    prefix = models.CharField(_("前缀"), max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("过期时间"))
    last_used_at = models.DateTimeField(_("最近使用时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
