"""Personal data export and erasure per type (PIPL arts. 45 and 47), after pretix's shredder.

Each app that stores personal data registers a type here, usually from its
``AppConfig.ready()``::

    register_personal_data_type(
        "screenings", _("心理测评记录"), export=export_screenings, erase=erase_screenings,
        audit_targets=screening_targets,
    )

``export`` returns JSON-serialisable data about one user; ``erase`` (or None when the data
must be kept, e.g. the append-only audit trail) removes or blanks it; ``audit_targets``
names the user's records as (target_type, target_id) pairs so that the access log can show
the person who read them. ``models`` names the models ("app_label.ModelName") whose rows the
type covers: a test walks every model that points at a user and fails when one is in no type.
``deidentify`` is for a type that is kept (by law or for safety): what erasing the account
still takes out of it (free text, links to other records), as the privacy page says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from seafarers_home.audit.models import AuditEvent
from seafarers_home.audit.services import record_audit

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

AuditTargets = Callable[["User"], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class PersonalDataType:
    key: str
    label: str | Promise
    export: Callable[[User], Any]
    erase: Callable[[User], None] | None
    audit_targets: AuditTargets | None = None
    help_text: str | Promise = ""
    models: tuple[str, ...] = ()
    deidentify: Callable[[User], None] | None = None

    @property
    def erasable(self) -> bool:
        return self.erase is not None


_REGISTRY: dict[str, PersonalDataType] = {}

# Erasing the account ends the person's access, so it runs last, after every other type.
ACCOUNT = "account"


class UnknownPersonalDataType(KeyError):
    pass


class NotErasable(ValueError):
    pass


def register_personal_data_type(
    key: str,
    label: str | Promise,
    export: Callable[[User], Any],
    erase: Callable[[User], None] | None,
    *,
    audit_targets: AuditTargets | None = None,
    help_text: str | Promise = "",
    models: Iterable[str] = (),
    deidentify: Callable[[User], None] | None = None,
) -> PersonalDataType:
    """Register (or re-register, e.g. on autoreload) one type of personal data."""
    data_type = PersonalDataType(
        key, label, export, erase, audit_targets, help_text, tuple(models), deidentify
    )
    _REGISTRY[key] = data_type
    return data_type


def personal_data_types() -> list[PersonalDataType]:
    return list(_REGISTRY.values())


def get_personal_data_type(key: str) -> PersonalDataType:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise UnknownPersonalDataType(key) from None


def covered_models() -> dict[str, list[str]]:
    """Model label -> the keys of the types that cover it."""
    covered: dict[str, list[str]] = {}
    for data_type in _REGISTRY.values():
        for label in data_type.models:
            covered.setdefault(label, []).append(data_type.key)
    return covered


def export_all(user: User) -> dict[str, Any]:
    return {key: data_type.export(user) for key, data_type in _REGISTRY.items()}


def do_export_personal_data(
    user: User, key: str | None = None, *, request: HttpRequest | None = None
) -> dict[str, Any]:
    """One type (or all types when ``key`` is None) as a JSON-ready document; audited."""
    keys = [key] if key else list(_REGISTRY)
    for one in keys:
        get_personal_data_type(one)
    with transaction.atomic():
        data = {one: _REGISTRY[one].export(user) for one in keys}
        record_audit(
            user,
            "personal_data.export",
            target=user,
            purpose="personal data export (PIPL art. 45)",
            request=request,
            detail={"types": keys},
        )
    return {
        "exported_at": timezone.now().isoformat(),
        "user_id": user.pk,
        "data": data,
    }


def do_erase_personal_data(user: User, key: str, *, request: HttpRequest | None = None) -> None:
    """Erase one type. Erasing the account erases every other erasable type first, since
    afterwards the person can no longer sign in to ask for it. Audited."""
    data_type = get_personal_data_type(key)
    if not data_type.erasable:
        raise NotErasable(key)
    if key == ACCOUNT:
        keys = [k for k, t in _REGISTRY.items() if t.erasable and k != ACCOUNT] + [ACCOUNT]
    else:
        keys = [key]
    # Erasing the account: the kept types lose what the privacy page says they lose (free
    # text, links), after the erasable types and before the account itself.
    kept = [k for k, t in _REGISTRY.items() if t.deidentify] if key == ACCOUNT else []
    steps = [_REGISTRY[one].erase for one in keys if one != ACCOUNT]
    steps += [_REGISTRY[one].deidentify for one in kept]
    if key == ACCOUNT:
        steps.append(_REGISTRY[ACCOUNT].erase)
    with transaction.atomic():
        for step in steps:
            assert step is not None
            step(user)
        record_audit(
            user,
            "personal_data.erase",
            target=user,
            purpose="personal data erasure (PIPL art. 47)",
            request=request,
            detail={"types": keys, "deidentified": kept} if kept else {"types": keys},
        )


def access_log_for(user: User) -> list[dict[str, Any]]:
    """Audit rows about this person's records or by this person, newest first.

    Other people's addresses are left out: the person learns who read what, when and why."""
    condition = Q(actor_id=user.pk)
    for data_type in _REGISTRY.values():
        if data_type.audit_targets is None:
            continue
        by_type: dict[str, list[str]] = {}
        for target_type, target_id in data_type.audit_targets(user):
            by_type.setdefault(target_type, []).append(str(target_id))
        for target_type, ids in by_type.items():
            condition |= Q(target_type=target_type, target_id__in=ids)
    rows = []
    for event in AuditEvent.objects.filter(condition).order_by("-id").iterator():
        by_self = event.actor_id == user.pk
        rows.append(
            {
                "at": event.at.isoformat(),
                "action": event.action,
                "by": "self" if by_self else event.actor_label,
                "target_type": event.target_type,
                "target_id": event.target_id,
                "purpose": event.purpose,
                "ip_address": event.ip_address if by_self else None,
            }
        )
    return rows


def register_access_log() -> None:
    register_personal_data_type(
        "access_log",
        _("访问记录"),
        export=access_log_for,
        erase=None,
        help_text=_("谁在何时、为何查看或修改了您的记录。审计记录只能追加,不能删除。"),
        models=("audit.AuditEvent",),
    )
