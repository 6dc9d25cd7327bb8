"""The one way to audit a read of personal or health data (PIPL: who read what, when, from
where and for what purpose). Every read code of the catalogue (``READ_ACTIONS``) is written
here and nowhere else; ``tests/audit/test_catalogue.py`` checks both directions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.http import HttpRequest

from seafarers_home.audit.catalogue import READ_ACTIONS
from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit

if TYPE_CHECKING:  # accounts imports this app: the types only
    from django.contrib.auth.models import AnonymousUser

    from seafarers_home.accounts.models import User


def record_read(
    actor: User | AnonymousUser | None,
    action: str,
    *,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str | int = "",
    purpose: str,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """``actor`` read ``target`` (or the list in ``detail``) for ``purpose``. Call it after the
    page's data is fetched and before it is sent, so that a failed read is not recorded as
    done. ValueError for a code that is not a read or a read without its purpose."""
    if action not in READ_ACTIONS:
        raise ValueError(f"{action!r} is not a read in audit/catalogue.py (use record_audit)")
    if not purpose:
        raise ValueError("a read of personal data is audited with its purpose")
    return record_audit(
        actor,
        action,
        target=target,
        target_type=target_type,
        target_id=target_id,
        purpose=purpose,
        request=request,
        detail=detail,
    )
