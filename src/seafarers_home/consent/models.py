"""Versioned consent documents and each person's acceptances and withdrawals (PIPL)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel


class ConsentKind(models.TextChoices):
    TERMS = "terms", _("服务条款")
    PRIVACY = "privacy", _("隐私政策")
    # PIPL art. 29: sensitive personal information needs its own, separate consent.
    HEALTH_DATA = "health_data", _("敏感个人信息(心理健康数据)单独同意")
    SHARE_CLEARANCE = "share_clearance", _("向用人单位提供健康入职结论")


class ConsentDocument(TimestampedModel):
    kind = models.CharField(_("类别"), max_length=20, choices=ConsentKind.choices)
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=120)
    title_en = models.CharField(_("英文标题"), max_length=160, blank=True)
    body = models.TextField(_("正文"))
    body_en = models.TextField(_("英文正文"), blank=True)
    summary = models.TextField(_("要点"), blank=True)
    summary_en = models.TextField(_("英文要点"), blank=True)
    is_optional = models.BooleanField(_("可选"), default=False)
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        verbose_name = _("同意书")
        verbose_name_plural = _("同意书")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="unique_consent_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ConsentRecord(TimestampedModel):
    """One acceptance of one document version; withdrawing sets withdrawn_at, never deletes."""

    # PROTECT: the records prove a lawful basis and outlive the account (erasure anonymises
    # the user row instead of deleting it).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consent_records"
    )
    document = models.ForeignKey(ConsentDocument, on_delete=models.PROTECT, related_name="records")
    accepted_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("同意记录")
        verbose_name_plural = _("同意记录")
        ordering = ["-accepted_at"]
