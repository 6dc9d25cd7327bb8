"""The append-only audit trail: who viewed or changed which sensitive record, when, from where,
and for what purpose. Each row's hash chains it to the previous row.

A row is written *pending* (``chain_seq``, ``prev_hash`` and ``hash`` empty, ``seal`` set) in the
transaction of the change it records, and linked into the chain shortly after that transaction
commits (``audit/chaining.py``); the database lets an UPDATE fill in exactly those three
columns of a pending row once, and refuses every other UPDATE and DELETE (migration 0005)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    pass


class AuditEventQuerySet(models.QuerySet):
    """Bulk delete() and update() skip Model.delete/save; refuse them too (SQLite has no
    trigger guarding the table)."""

    def delete(self) -> Any:
        raise AppendOnlyError("audit events are append-only")

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("时间"), db_index=True)
    # DO_NOTHING, not SET_NULL: the hash covers actor_id, and the trail is never updated.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        verbose_name=_("操作人"),
    )
    # Kept even if the actor's account is later erased, so the trail still reads.
    actor_label = models.CharField(_("操作人标识"), max_length=80, blank=True)
    action = models.CharField(_("操作"), max_length=40, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=60, blank=True, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True, db_index=True)
    purpose = models.CharField(_("目的"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    # The chain: position (1, 2, ... in the order rows were linked), the previous row's hash
    # and this row's keyed hash. Empty while the row waits to be chained.
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    # HMAC under the audit key over the row's content, written with the row, so that a pending
    # row is tamper-evident before it is chained (empty on rows chained before issue 20).
    seal = models.CharField(max_length=64, blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-id"]
        indexes = [
            # The chaining step's and the verifier's "what is still pending" stays cheap.
            models.Index(
                fields=["id"],
                condition=models.Q(chain_seq__isnull=True),
                name="audit_event_pending_idx",
            )
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit events are append-only")


class AuditChainHead(models.Model):
    """The chain's end: a single row locked by the chaining step (a short transaction of its
    own, never the writer's), so that concurrent chainers link rows in one order."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(null=True)
    last_seq = models.BigIntegerField(default=0)
