"""Company officers post and edit vacancies; union staff verify or suspend a company's right to
post and approve or reject postings. Publication stores the advertised terms as a new
``PostingVersion``; an approved posting whose terms change goes back to review."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.audit.services import record_audit
from seafarers_home.certificates.kinds import get_kind
from seafarers_home.certificates.validity import today_for
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.models import CompanyStanding, Posting, PostingVersion, Rank, VesselType
from seafarers_home.jobs.notify import notify_saved_searches
from seafarers_home.organisations.models import Organisation, Vessel
from seafarers_home.permissions.roles import is_union_staff

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "job posting"
MAX_PLACES = 500
MAX_CONTRACT_MONTHS = 36
MAX_WAGE = 10_000_000
REASON_MAX = 300
# The advertised terms: what a version keeps and what an edit compares.
TERMS = (
    "rank",
    "vessel_id",
    "vessel_type",
    "vessel_size",
    "area",
    "wage_min",
    "wage_max",
    "currency",
    "contract_months",
    "joining_on",
    "joining_port",
    "required_kinds",
    "min_valid_months",
    "places",
    "closes_on",
    "contact",
)


def standing_of(company: Organisation) -> CompanyStanding:
    return CompanyStanding.objects.filter(company=company).first() or CompanyStanding(
        company=company
    )


def term_errors(
    officer: User,
    company: Organisation,
    terms: dict[str, Any],
    *,
    no_fee_confirmed: bool,
    partial: bool = False,
) -> dict[str, str]:
    """Every rule the terms break, by field, all at once (an officer fixes them in one round);
    cleans ``terms`` in place (a chosen vessel's type, trimmed texts). ``partial``: the form
    found some terms invalid and said so; those (None here) are not judged again."""
    errors: dict[str, str] = {}
    today = today_for(officer)

    def judged(*fields: str) -> bool:
        return not partial or all(terms.get(field) is not None for field in fields)

    if judged("rank") and terms.get("rank") not in Rank.values:
        errors["rank"] = _("请选择职务。")
    vessel_id = terms.get("vessel_id")
    if vessel_id is not None:
        vessel = Vessel.objects.filter(pk=vessel_id, company=company).first()
        if vessel is None:
            errors["vessel"] = _("请选择本企业的船舶。")
        else:
            terms["vessel_type"] = vessel.kind
    if judged("vessel_type") and terms.get("vessel_type") not in VesselType.values:
        errors["vessel_type"] = _("请选择船舶类型,或选择本企业的船舶。")
    wage_min, wage_max = terms.get("wage_min"), terms.get("wage_max")
    wages = (wage_min, wage_max)
    if any(w is not None and w < 0 for w in wages) or (not partial and None in wages):
        errors["wage_min"] = _("工资不能为负数。")
    elif wage_min is None or wage_max is None:
        pass  # partial: the form said what is wrong with the missing one
    elif wage_min > wage_max:
        errors["wage_min"] = _("月工资下限不能高于上限。")
    elif wage_max > MAX_WAGE:
        errors["wage_max"] = _("月工资上限太大。")
    if judged("currency") and terms.get("currency") not in Posting.Currency.values:
        errors["currency"] = _("请选择币种。")
    if judged("contract_months") and not (
        1 <= (terms.get("contract_months") or 0) <= MAX_CONTRACT_MONTHS
    ):
        errors["contract_months"] = _("合同期须在 1 到 %(n)d 个月之间。") % {
            "n": MAX_CONTRACT_MONTHS
        }
    if judged("places") and not 1 <= (terms.get("places") or 0) <= MAX_PLACES:
        errors["places"] = _("招聘人数须在 1 到 %(n)d 之间。") % {"n": MAX_PLACES}
    closes_on: datetime.date | None = terms.get("closes_on")
    joining_on: datetime.date | None = terms.get("joining_on")
    if judged("closes_on") and (closes_on is None or closes_on < today):
        errors["closes_on"] = _("截止日期不能早于今天。")
    if judged("joining_on") and (joining_on is None or joining_on < today):
        errors["joining_on"] = _("上船日期不能早于今天。")
    if closes_on and joining_on and closes_on > joining_on and "closes_on" not in errors:
        # Applications that close after the ship has sailed could never be taken up.
        errors["closes_on"] = _("截止日期不能晚于上船日期。")
    unknown = [code for code in terms.get("required_kinds", []) if get_kind(code) is None]
    if unknown:
        errors["required_kinds"] = _("没有这种证书:%(codes)s。") % {"codes": ", ".join(unknown)}
    for field in ("area", "joining_port", "contact"):
        if judged(field):
            terms[field] = (terms.get(field) or "").strip()
            if not terms[field]:
                errors[field] = _("这一项必须填写。")
    if not no_fee_confirmed:
        errors["no_fee"] = _("请确认不向海员收取任何费用(MLC 2006 规则 1.4)。")
    return errors


def _check_terms(
    officer: User, company: Organisation, terms: dict[str, Any], *, no_fee_confirmed: bool
) -> dict[str, Any]:
    """The terms, cleaned; raises ``JobInvalid`` naming each bad field."""
    errors = term_errors(officer, company, terms, no_fee_confirmed=no_fee_confirmed)
    if errors:
        raise JobInvalid(errors)
    terms["required_kinds"] = sorted(set(terms.get("required_kinds", [])))
    return terms


def _may_post(officer: User, company: Organisation) -> None:
    if not standing_of(company).may_post:
        raise Refused(_("贵企业尚未通过工会认证或发布权已被暂停,暂时不能发布岗位。"))


def terms_of(posting: Posting) -> dict[str, Any]:
    """The advertised terms as JSON (dates as ISO text)."""
    out = {}
    for field in TERMS:
        value = getattr(posting, field)
        out[field] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def do_create_posting(
    officer: User,
    company: Organisation,
    *,
    no_fee_confirmed: bool,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
    **terms: Any,
) -> Posting:
    """A new posting waiting for the union's review. Nothing is stored on a refusal."""
    _may_post(officer, company)
    terms = _check_terms(officer, company, dict(terms), no_fee_confirmed=no_fee_confirmed)
    key = (idempotency_key or "").strip()[:64]
    digest = payload_digest({k: str(v) for k, v in terms.items()})

    def create() -> Posting:
        posting = Posting.objects.create(
            company=company,
            no_fee_confirmed=True,
            idempotency_key=key,
            payload_hash=digest if key else "",
            **terms,
        )
        record_audit(
            officer, "jobs.posting_create", target=posting, purpose=PURPOSE, request=request
        )
        return posting

    posting, _created = create_once(
        Posting.objects.filter(company=company), key, digest if key else "", create
    )
    return posting


def do_edit_posting(
    officer: User,
    posting: Posting,
    *,
    no_fee_confirmed: bool,
    request: HttpRequest | None = None,
    **terms: Any,
) -> list[str]:
    """Change the terms; a published posting whose terms changed goes back to review. Answers
    the names of the changed terms."""
    if posting.status in (Posting.Status.CLOSED, Posting.Status.SUSPENDED):
        raise Refused(_("这个岗位已截止或被暂停,不能修改。"))
    _may_post(officer, posting.company)
    terms = _check_terms(officer, posting.company, dict(terms), no_fee_confirmed=no_fee_confirmed)
    before = terms_of(posting)
    for field, value in terms.items():
        setattr(posting, field, value)
    changed = [field for field, value in terms_of(posting).items() if before[field] != value]
    if not changed:
        return []
    with transaction.atomic():
        posting.status = Posting.Status.PENDING
        posting.save()
        record_audit(
            officer,
            "jobs.posting_edit",
            target=posting,
            purpose=PURPOSE,
            request=request,
            detail={"changed": changed},
        )
    return changed


def do_review_posting(
    staff: User,
    posting: Posting,
    *,
    approve: bool,
    note: str = "",
    request: HttpRequest | None = None,
) -> Posting:
    """Union staff publish a pending posting (a new version of its terms) or reject it with a
    reason the company reads."""
    if not is_union_staff(staff):
        raise Refused(_("只有工会工作人员可以审核岗位。"))
    note = (note or "").strip()
    if len(note) > REASON_MAX:
        raise JobInvalid({"note": _("审核意见不能超过 %(n)d 个字。") % {"n": REASON_MAX}})
    if not approve and not note:
        raise JobInvalid({"note": _("不通过时请写明原因。")})
    with transaction.atomic():
        current = Posting.objects.select_for_update().get(pk=posting.pk)
        if current.status != Posting.Status.PENDING:
            raise Refused(_("这个岗位不在待审核状态。"))
        current.review_note = note
        if approve:
            now = timezone.now()
            number = current.versions.count() + 1
            PostingVersion.objects.create(
                posting=current,
                number=number,
                terms=terms_of(current),
                approved_at=now,
            )
            current.status = Posting.Status.APPROVED
            current.approved_at = now
        else:
            current.status = Posting.Status.REJECTED
        current.save()
        record_audit(
            staff,
            "jobs.posting_review",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"approve": approve},
        )
        if approve:
            notify_saved_searches(current)
    return current


def do_set_company_standing(
    staff: User,
    company: Organisation,
    *,
    verified: bool,
    suspended: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> CompanyStanding:
    """Union staff verify a company for posting, or suspend its right (its published postings
    are suspended with it)."""
    if not is_union_staff(staff):
        raise Refused(_("只有工会工作人员可以认证企业。"))
    if company.kind != Organisation.Kind.COMPANY:
        raise Refused(_("只有企业可以发布岗位。"))
    reason = (reason or "").strip()
    if suspended and not reason:
        raise JobInvalid({"reason": _("暂停时请写明原因。")})
    if len(reason) > REASON_MAX:
        raise JobInvalid({"reason": _("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}})
    now = timezone.now()
    with transaction.atomic():
        standing, _created = CompanyStanding.objects.select_for_update().get_or_create(
            company=company
        )
        standing.verified_at = (standing.verified_at or now) if verified else None
        standing.suspended_at = (standing.suspended_at or now) if suspended else None
        standing.suspend_reason = reason if suspended else ""
        standing.save()
        if suspended:
            Posting.objects.filter(
                company=company, status__in=[Posting.Status.APPROVED, Posting.Status.PENDING]
            ).update(status=Posting.Status.SUSPENDED, updated_at=now)
        record_audit(
            staff,
            "jobs.company_standing",
            target=company,
            purpose=PURPOSE,
            request=request,
            detail={"verified": verified, "suspended": suspended},
        )
    return standing
