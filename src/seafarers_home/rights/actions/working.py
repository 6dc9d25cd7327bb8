"""The legal workers' writes on a case: claiming it under its row lock (one owner), assigning
it to a partner law firm, timeline entries and status changes along the allowed transitions.
Each is audited; each change meant for the seafarer notifies them (without case details).

Which cases a worker may open is the views' check (``access.get_case_for_worker``); these
actions check what the worker may do with an open case, under the case's row lock."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, find_replay, mark_replay, payload_digest
from seafarers_home.organisations.models import Organisation
from seafarers_home.rights.access import is_union_rights_officer
from seafarers_home.rights.categories import clean_amount, clean_currency
from seafarers_home.rights.models import (
    FINAL_STATUSES,
    CaseEntry,
    Referral,
    RightsCase,
    Status,
)
from seafarers_home.rights.reporting import (
    KEY_MAX_LENGTH,
    PURPOSE,
    CaseInvalid,
    message_error,
    notify_seafarer,
)
from seafarers_home.rights.transitions import is_allowed

# What a worker writes on the timeline; only a message is shown to the seafarer.
WORKER_ENTRY_KINDS = (
    CaseEntry.Kind.MESSAGE,
    CaseEntry.Kind.NOTE,
    CaseEntry.Kind.PHONE_CALL,
    CaseEntry.Kind.MEETING,
)


class CaseRefused(Exception):
    """The case is not in a state for this; ``message`` says why (translated)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _lock(case: RightsCase) -> RightsCase:
    return RightsCase.objects.select_for_update().get(pk=case.pk)


def require_owner(locked: RightsCase, worker: User) -> None:
    if locked.owner_id != worker.pk:
        raise CaseRefused(_("请先认领这个案件,再记录或变更状态。"))
    if locked.status in FINAL_STATUSES:
        raise CaseRefused(_("这个案件已经办结。"))


def _after_commit_notify(case: RightsCase, entry: CaseEntry) -> None:
    if entry.visible_to_seafarer:
        transaction.on_commit(lambda: notify_seafarer(case, entry.pk), robust=True)


def do_claim_case(
    case: RightsCase, worker: User, *, request: HttpRequest | None = None
) -> RightsCase:
    """Take the case; a case another worker holds raises ``CaseRefused`` (one owner)."""
    with transaction.atomic():
        locked = _lock(case)
        if locked.status in FINAL_STATUSES:
            raise CaseRefused(_("这个案件已经办结。"))
        if locked.owner_id == worker.pk:
            return locked
        if locked.owner_id is not None:
            raise CaseRefused(_("这个案件已经由其他法律工作者认领。"))
        now = timezone.now()
        locked.owner, locked.claimed_at = worker, now
        locked.first_response_at = locked.first_response_at or now
        locked.save(update_fields=["owner", "claimed_at", "first_response_at", "updated_at"])
        entry = CaseEntry.objects.create(
            case=locked, author=worker, kind=CaseEntry.Kind.CLAIMED, visible_to_seafarer=True
        )
        record_audit(worker, "rights.claim", target=locked, purpose=PURPOSE, request=request)
        _after_commit_notify(locked, entry)
    return locked


def do_assign_law_firm(
    case: RightsCase, officer: User, firm: Organisation, *, request: HttpRequest | None = None
) -> RightsCase:
    """A union rights officer hands the case to a partner law firm: its lawyers then see it
    and one of them claims it (the current owner, if any, lets go)."""
    if not is_union_rights_officer(officer):
        raise CaseRefused(_("只有工会的维权专员可以指派律师事务所。"))
    if firm.kind != Organisation.Kind.LAW_FIRM:
        raise CaseRefused(_("请选择合作律师事务所。"))
    with transaction.atomic():
        locked = _lock(case)
        if locked.status in FINAL_STATUSES:
            raise CaseRefused(_("这个案件已经办结。"))
        if locked.law_firm_id == firm.pk:
            return locked
        locked.law_firm, locked.owner, locked.claimed_at = firm, None, None
        locked.save(update_fields=["law_firm", "owner", "claimed_at", "updated_at"])
        entry = CaseEntry.objects.create(
            case=locked,
            author=officer,
            kind=CaseEntry.Kind.ASSIGNED,
            body=firm.name,
            visible_to_seafarer=True,
        )
        record_audit(
            officer,
            "rights.assign",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"law_firm": firm.pk},
        )
        _after_commit_notify(locked, entry)
    return locked


def _entry_digest(entry: CaseEntry) -> str:
    return payload_digest({"kind": entry.kind, "body": entry.body})


def do_add_entry(
    case: RightsCase,
    worker: User,
    *,
    kind: str,
    body: str,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> CaseEntry:
    """A message to the seafarer, an internal note, a phone call or a mediation meeting on
    the timeline, by the case's owner (idempotent per key)."""
    text = (body or "").strip()
    key = (idempotency_key or "").strip()[:KEY_MAX_LENGTH]
    digest = payload_digest({"kind": kind, "body": text})
    mine = CaseEntry.objects.filter(case=case, author=worker)
    replay = find_replay(mine, key, digest, digest_of=_entry_digest)
    if replay is not None:
        return mark_replay(replay)
    errors = {}
    if kind not in WORKER_ENTRY_KINDS:
        errors["kind"] = _("请从给出的选项中选择。")
    if error := message_error(text):
        errors["body"] = error
    if errors:
        raise CaseInvalid(errors)

    def create() -> CaseEntry:
        locked = _lock(case)
        require_owner(locked, worker)
        visible = kind == CaseEntry.Kind.MESSAGE
        entry = CaseEntry.objects.create(
            case=locked,
            author=worker,
            kind=kind,
            body=text,
            visible_to_seafarer=visible,
            idempotency_key=key,
        )
        record_audit(
            worker,
            "rights.entry",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"kind": kind},
        )
        _after_commit_notify(locked, entry)
        return entry

    entry, created = create_once(mine, key, digest, create, digest_of=_entry_digest)
    return entry if created else mark_replay(entry)


def _outcome(target: str, reason: str, amount: str, currency: str, referral: str) -> dict:
    """The fields an outcome needs, checked; ``CaseInvalid`` when one is missing or wrong."""
    errors: dict[str, str] = {}
    fields: dict = {}
    if target == Status.RESOLVED:
        try:
            fields["amount_recovered"] = clean_amount(amount or "")
        except ValueError as exc:
            errors["amount"] = str(exc) if amount.strip() else _("请填写追回的金额(没有则填 0)。")
        try:
            fields["recovered_currency"] = clean_currency(currency or "")
        except ValueError as exc:
            errors["currency"] = str(exc)
    if target == Status.DECLINED and not reason:
        errors["reason"] = _("不予受理时,请写明原因,海员会看到。")
    if target == Status.CLOSED and not reason:
        # Closing without an outcome would otherwise be a way to decline without a reason.
        errors["reason"] = _("结案时,请写明结案的原因(例如海员撤回、无法联系),海员会看到。")
    if target == Status.REFERRED:
        if referral not in Referral.values:
            errors["referral"] = _("请选择转交的机构。")
        fields["referral"] = referral
    if len(reason) > 2000:
        errors["reason"] = _("太长了:最多 %(n)d 个字。") % {"n": 2000}
    if errors:
        raise CaseInvalid(errors)
    return fields


def do_change_status(
    case: RightsCase,
    worker: User,
    target: str,
    *,
    reason: str = "",
    amount: str = "",
    currency: str = "",
    referral: str = "",
    request: HttpRequest | None = None,
) -> RightsCase:
    """Move the case along an allowed transition (the owner only). A resend of the same move
    changes nothing; any other move not allowed from here raises ``CaseRefused``."""
    reason = (reason or "").strip()
    fields = _outcome(target, reason, amount, currency, referral)
    with transaction.atomic():
        locked = _lock(case)
        if locked.status == target and locked.owner_id == worker.pk:
            return locked  # the same request again
        require_owner(locked, worker)
        if not is_allowed(locked.status, target):
            raise CaseRefused(
                _("案件不能从“%(current)s”变为“%(target)s”。")
                % {"current": Status(locked.status).label, "target": _label(target)}
            )
        before = locked.status
        locked.status = target
        for name, value in fields.items():
            setattr(locked, name, value)
        if target in FINAL_STATUSES:
            locked.closed_at = timezone.now()
        locked.save()
        entry = CaseEntry.objects.create(
            case=locked,
            author=worker,
            kind=CaseEntry.Kind.STATUS,
            body=reason,
            visible_to_seafarer=True,
            from_status=before,
            to_status=target,
        )
        record_audit(
            worker,
            "rights.status",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"from": before, "to": target},
        )
        _after_commit_notify(locked, entry)
    return locked


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status
