"""A seafarer's certificate wallet: one row per certificate held.

The kind is a code of ``kinds.json`` (data, not a table). A certificate the seafarer records
themselves may be edited or removed by them; one a training provider issued on completing a
course (``issued_by`` set) is the provider's record and stays as issued. The photo is the
server's re-encoding (small JPEG, no metadata), served only to its owner.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from seafarers_home.core.models import TimestampedModel


class Certificate(TimestampedModel):
    seafarer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("证书种类"), max_length=40)
    number = models.CharField(_("证书编号"), max_length=60)
    issuer = models.CharField(_("签发机构"), max_length=100)
    issued_on = models.DateField(_("签发日期"))
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    # A training provider's record on course completion: not editable by the seafarer.
    issued_by = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    photo = models.BinaryField(null=True, blank=True)
    photo_byte_size = models.PositiveIntegerField(default=0)
    # The smallest reminder already sent for this expiry (days before it); reset on renewal.
    reminded_days = models.PositiveSmallIntegerField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=64, blank=True, default="")
    payload_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("证书")
        verbose_name_plural = _("证书")
        ordering = ["expires_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["seafarer", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="certificate_unique_idempotency_key",
            )
        ]
        indexes = [models.Index(fields=["expires_on"], name="certificate_expires_on")]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"

    @property
    def from_provider(self) -> bool:
        return self.issued_by_id is not None

    @property
    def has_photo(self) -> bool:
        return self.photo_byte_size > 0
