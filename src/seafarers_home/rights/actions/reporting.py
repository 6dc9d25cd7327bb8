"""A seafarer's writes on their rights cases: saving a draft, submitting (idempotent on
resend), replying on the timeline and adding evidence. Everything is checked before anything
is written; a bad field raises ``CaseInvalid`` and nothing is stored."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, find_replay, mark_replay, payload_digest
from seafarers_home.rights.categories import is_urgent
from seafarers_home.rights.crew import give_invite
from seafarers_home.rights.evidence import CheckedFile, check_files
from seafarers_home.rights.models import CaseEntry, Evidence, RightsCase, Status
from seafarers_home.rights.reporting import (
    KEY_MAX_LENGTH,
    PURPOSE,
    CaseInvalid,
    message_error,
    notify_owner,
    payload,
    report_errors,
)
from seafarers_home.rights.tasks import escalate_urgent_case
from seafarers_home.rights.urgent import alert_new_case, escalate_delay
from seafarers_home.triage.service import triage_text


def _checked(files: Sequence[Any], errors: dict[str, str], already: int = 0) -> list[CheckedFile]:
    if not files:
        return []
    checked, error = check_files(list(files), already)
    if error:
        errors["files"] = error
    return checked


def store_evidence(case: RightsCase, by: User, files: list[CheckedFile]) -> int:
    """Store the files not yet on the case (a resent file is the same file); how many."""
    known = set(case.evidence.values_list("sha256", flat=True))
    new = [f for f in files if f.sha256 not in known]
    Evidence.objects.bulk_create(
        Evidence(
            case=case,
            uploaded_by=by,
            kind=f.kind,
            content=f.content,
            byte_size=len(f.content),
            sha256=f.sha256,
        )
        for f in {f.sha256: f for f in new}.values()
    )
    return len({f.sha256 for f in new})


def _draft_files(seafarer: User, category: str) -> int:
    """The files the seafarer's draft of this category already holds (the case's limit)."""
    return Evidence.objects.filter(
        case__seafarer=seafarer, case__category=category, case__status=Status.DRAFT
    ).count()


def _draft_of(seafarer: User, category: str) -> RightsCase | None:
    return (
        RightsCase.objects.select_for_update()
        .filter(seafarer=seafarer, category=category, status=Status.DRAFT)
        .first()
    )


def do_save_draft(
    seafarer: User,
    *,
    category: str,
    summary: str = "",
    description: str = "",
    values: Mapping[str, str] | None = None,
    files: Sequence[Any] = (),
    request: HttpRequest | None = None,
) -> RightsCase:
    """Keep an unfinished report as the seafarer's one draft of that category (saving again
    overwrites it). What is filled in must be right; required fields may wait."""
    summary, description = (summary or "").strip(), (description or "").strip()
    found, details, errors = report_errors(
        category, summary, description, values or {}, complete=False
    )
    checked = _checked(files, errors, already=_draft_files(seafarer, category))
    if errors:
        raise CaseInvalid(errors)
    assert found is not None
    with transaction.atomic():
        case = _draft_of(seafarer, found.code) or RightsCase(
            seafarer=seafarer, category=found.code, status=Status.DRAFT
        )
        case.summary, case.description, case.details = summary, description, details
        case.urgent = is_urgent(found, details)
        case.save()
        stored = store_evidence(case, seafarer, checked)
        record_audit(
            seafarer,
            "rights.case_draft",
            target=case,
            purpose=PURPOSE,
            request=request,
            detail={"files": stored},
        )
    return case


def do_submit_case(
    seafarer: User,
    *,
    category: str,
    summary: str,
    description: str,
    values: Mapping[str, str] | None = None,
    files: Sequence[Any] = (),
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> RightsCase:
    """Open the case (the draft of that category becomes it), or return the case an earlier
    request with the same key opened. Raises ``CaseInvalid`` or ``IdempotencyConflict``."""
    summary, description = (summary or "").strip(), (description or "").strip()
    key = (idempotency_key or "").strip()[:KEY_MAX_LENGTH]
    found, details, errors = report_errors(
        category, summary, description, values or {}, complete=True
    )
    checked = _checked(files, errors, already=_draft_files(seafarer, category))
    if errors:
        raise CaseInvalid(errors)
    assert found is not None
    digest = payload_digest(
        {**payload(found.code, summary, description, details), "files": [f.sha256 for f in checked]}
    )
    mine = RightsCase.objects.filter(seafarer=seafarer)
    replay = find_replay(mine, key, digest)
    if replay is not None:
        return mark_replay(replay)

    def create() -> RightsCase:
        now = timezone.now()
        case = _draft_of(seafarer, found.code) or RightsCase(seafarer=seafarer, category=found.code)
        case.summary, case.description, case.details = summary, description, details
        case.urgent = is_urgent(found, details)
        case.status, case.submitted_at = Status.RECEIVED, now
        flags = triage_text(f"{summary}\n{description}")
        case.red_flags = flags.codes
        give_invite(case)
        case.idempotency_key, case.payload_hash = key, digest if key else ""
        case.save()
        stored = store_evidence(case, seafarer, checked)
        CaseEntry.objects.create(
            case=case,
            author=seafarer,
            kind=CaseEntry.Kind.SUBMITTED,
            visible_to_seafarer=True,
            to_status=Status.RECEIVED,
        )
        record_audit(
            seafarer,
            "rights.case_submit",
            target=case,
            purpose=PURPOSE,
            request=request,
            detail={"category": found.code, "urgent": case.urgent, "files": stored},
        )
        transaction.on_commit(lambda: alert_new_case(case), robust=True)
        if flags.crisis:
            raise_rights_crisis_alert(seafarer, case, request)
        if case.urgent:  # the task row commits with the case
            escalate_urgent_case.using(run_after=now + escalate_delay()).enqueue(case.pk)
        return case

    case, created = create_once(mine, key, digest if key else "", create)
    return case if created else mark_replay(case)


# The alert's reason: the seafarer's own words read as a crisis (as on the message board).
CRISIS_REASON = "red_flag_words"


def raise_rights_crisis_alert(
    seafarer: User, case: RightsCase, request: HttpRequest | None
) -> None:
    """Crisis words in a case or a message page the on-duty clinician, in the same
    transaction, like every other channel (triage is one component for all of them). The
    alert names the case; its page shows the clinician the signals, not the case itself,
    which stays with the legal workers."""
    do_raise_crisis_alert(
        seafarer, source="rights", source_id=str(case.pk), reason=CRISIS_REASON, request=request
    )


def _entry_digest(entry: CaseEntry) -> str:
    """Entries store no digest: a resent message is the same when its text is."""
    return payload_digest({"body": entry.body})


def do_post_seafarer_message(
    case: RightsCase,
    seafarer: User,
    body: str,
    *,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> CaseEntry:
    """The seafarer's reply on their case's timeline (idempotent per key)."""
    is_claimant = case.claimants.filter(seafarer=seafarer).exists()
    if (case.seafarer_id != seafarer.pk and not is_claimant) or case.status == Status.DRAFT:
        raise CaseInvalid({"body": message_error("")})
    text = (body or "").strip()
    key = (idempotency_key or "").strip()[:KEY_MAX_LENGTH]
    mine = CaseEntry.objects.filter(case=case, author=seafarer)
    digest = payload_digest({"body": text})
    replay = find_replay(mine, key, digest, digest_of=_entry_digest)
    if replay is not None:
        return mark_replay(replay)
    if error := message_error(text):
        raise CaseInvalid({"body": error})

    flags = triage_text(text)

    def create() -> CaseEntry:
        if flags.codes:
            locked = RightsCase.objects.select_for_update().get(pk=case.pk)
            locked.red_flags = list(dict.fromkeys([*locked.red_flags, *flags.codes]))
            locked.save(update_fields=["red_flags", "updated_at"])
        entry = CaseEntry.objects.create(
            case=case,
            author=seafarer,
            kind=CaseEntry.Kind.SEAFARER_MESSAGE,
            body=text,
            visible_to_seafarer=True,
            idempotency_key=key,
        )
        record_audit(
            seafarer, "rights.seafarer_message", target=case, purpose=PURPOSE, request=request
        )
        if flags.crisis:
            raise_rights_crisis_alert(seafarer, case, request)
        transaction.on_commit(lambda: notify_owner(case, entry.pk), robust=True)
        return entry

    entry, created = create_once(mine, key, digest, create, digest_of=_entry_digest)
    return entry if created else mark_replay(entry)


def do_add_evidence(
    case: RightsCase, by: User, files: Sequence[Any], *, request: HttpRequest | None = None
) -> int:
    """Add files to a case (its seafarer, or the legal worker who may open it: the view has
    checked). How many new files were stored; a resent file is not stored again."""
    errors: dict[str, str] = {}
    if not files:
        raise CaseInvalid({"files": message_error("")})
    checked = _checked(files, errors, already=case.evidence.count())
    if errors:
        raise CaseInvalid(errors)
    with transaction.atomic():
        stored = store_evidence(case, by, checked)
        if stored:
            CaseEntry.objects.create(
                case=case,
                author=by,
                kind=CaseEntry.Kind.EVIDENCE,
                body=str(stored),
                visible_to_seafarer=True,
            )
        record_audit(
            by,
            "rights.evidence_add",
            target=case,
            purpose=PURPOSE,
            request=request,
            detail={"files": stored},
        )
    return stored
