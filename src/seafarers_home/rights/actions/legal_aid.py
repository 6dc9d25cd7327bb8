"""法律援助 (issue 11 item 7): a seafarer applies from their case; a union rights officer
decides with a reason, and an approval assigns a lawyer of a partner law firm, who then holds
the case. The seafarer is notified and can download the decision notice."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import Role, User
from seafarers_home.audit.services import record_audit
from seafarers_home.rights.access import is_union_rights_officer
from seafarers_home.rights.actions.working import CaseRefused
from seafarers_home.rights.categories import clean_amount
from seafarers_home.rights.models import CaseEntry, LegalAidApplication, RightsCase
from seafarers_home.rights.reporting import (
    PURPOSE,
    CaseInvalid,
    message_error,
    notify_owner,
    notify_seafarer,
)

Answer = LegalAidApplication.Answer
Decision = LegalAidApplication.Decision


def lawyers() -> list[User]:
    """The legal workers of the partner law firms, who may be assigned on approval."""
    return list(
        User.objects.filter(
            is_active=True,
            role_grants__role=Role.LEGAL_WORKER,
            role_grants__organisation__kind="law_firm",
        )
        .distinct()
        .order_by("display_name")
    )


def do_apply_for_legal_aid(
    case: RightsCase,
    seafarer: User,
    *,
    hardship: str,
    employer_reachable: str,
    statement: str,
    monthly_income: str = "",
    request: HttpRequest | None = None,
) -> LegalAidApplication:
    """Apply once per case (a resend returns the application already made)."""
    errors: dict[str, str] = {}
    if hardship not in Answer.values:
        errors["hardship"] = _("请从给出的选项中选择。")
    if employer_reachable not in Answer.values:
        errors["employer_reachable"] = _("请从给出的选项中选择。")
    text = (statement or "").strip()
    if error := message_error(text):
        errors["statement"] = error
    income = None
    if (monthly_income or "").strip():
        try:
            income = clean_amount(monthly_income)
        except ValueError as exc:
            errors["monthly_income"] = str(exc)
    if case.seafarer_id != seafarer.pk or not case.is_open:
        errors["statement"] = _("这个案件现在不能申请法律援助。")
    if errors:
        raise CaseInvalid(errors)
    existing = LegalAidApplication.objects.filter(case=case).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            application = LegalAidApplication.objects.create(
                case=case,
                applicant=seafarer,
                hardship=hardship,
                employer_reachable=employer_reachable,
                monthly_income=income,
                statement=text,
            )
            entry = CaseEntry.objects.create(
                case=case, author=seafarer, kind=CaseEntry.Kind.LEGAL_AID, visible_to_seafarer=True
            )
            record_audit(
                seafarer, "rights.legal_aid_apply", target=case, purpose=PURPOSE, request=request
            )
            transaction.on_commit(lambda: notify_owner(case, entry.pk), robust=True)
    except IntegrityError:  # a copy of this request won
        return LegalAidApplication.objects.get(case=case)
    return application


def do_decide_legal_aid(
    application: LegalAidApplication,
    officer: User,
    *,
    decision: str,
    reason: str,
    lawyer: User | None = None,
    request: HttpRequest | None = None,
) -> LegalAidApplication:
    """Approve (with a partner firm's lawyer, who then holds the case) or reject, with a
    reason the seafarer reads. Only the union's rights officers decide, once."""
    if not is_union_rights_officer(officer):
        raise CaseRefused(_("只有工会的维权专员可以审批法律援助。"))
    errors: dict[str, str] = {}
    text = (reason or "").strip()
    if decision not in (Decision.APPROVED, Decision.REJECTED):
        errors["decision"] = _("请从给出的选项中选择。")
    if error := message_error(text):
        errors["reason"] = error
    firm = None
    if decision == Decision.APPROVED:
        grant = (
            lawyer.role_grants.filter(role=Role.LEGAL_WORKER, organisation__kind="law_firm")
            .select_related("organisation")
            .first()
            if lawyer is not None
            else None
        )
        if grant is None:
            errors["lawyer"] = _("批准时请指派一位合作律师事务所的律师。")
        else:
            firm = grant.organisation
    if errors:
        raise CaseInvalid(errors)
    with transaction.atomic():
        locked = LegalAidApplication.objects.select_for_update().get(pk=application.pk)
        if locked.decision != Decision.PENDING:
            raise CaseRefused(_("这份申请已经审批过了。"))
        case = RightsCase.objects.select_for_update().get(pk=locked.case_id)
        now = timezone.now()
        locked.decision, locked.reason = decision, text
        locked.decided_by, locked.decided_at = officer, now
        if firm is not None:
            locked.lawyer = lawyer
            case.law_firm, case.owner, case.claimed_at = firm, lawyer, now
            case.save(update_fields=["law_firm", "owner", "claimed_at", "updated_at"])
        locked.save()
        entry = CaseEntry.objects.create(
            case=case,
            author=officer,
            kind=CaseEntry.Kind.LEGAL_AID,
            body=text,
            visible_to_seafarer=True,
        )
        record_audit(
            officer,
            "rights.legal_aid_decide",
            target=case,
            purpose=PURPOSE,
            request=request,
            detail={"decision": decision, "lawyer": lawyer.pk if firm and lawyer else None},
        )
        transaction.on_commit(lambda: notify_seafarer(case, entry.pk), robust=True)
    return locked
