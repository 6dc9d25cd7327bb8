"""Protection: any seafarer reports a posting (a fee demanded, terms that differ, a company
that cannot be reached); the words pass the same crisis triage as every seafarer's words; union
staff read the reports on the review page and can suspend the posting."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once
from seafarers_home.jobs.actions.posting import terms_of
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.models import Application, Posting, PostingReport
from seafarers_home.jobs.notify import notify_seafarer
from seafarers_home.jobs.terms_display import terms_rows
from seafarers_home.permissions.roles import is_union_staff
from seafarers_home.rights.actions.reporting import do_save_draft
from seafarers_home.rights.models import RightsCase
from seafarers_home.rights.reporting import DESCRIPTION_MAX_LENGTH, SUMMARY_MAX_LENGTH
from seafarers_home.triage.service import triage_text

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "job posting report"
DETAILS_MAX = 1000
REASON_MAX = 300
SUSPENDED_MESSAGE = gettext_lazy(
    "您投递的岗位(%(company)s,%(rank)s)已被工会暂停,正在核实。您的投递记录和招聘条件仍然保留。"
)
# The rights category a recruitment fee is reported in (rights/categories.json).
FEE_CASE_CATEGORY = "recruitment_fees"


def do_report_posting(
    seafarer: User,
    posting: Posting,
    *,
    reason: str,
    details: str = "",
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> PostingReport:
    details = (details or "").strip()
    if reason not in PostingReport.Reason.values:
        raise JobInvalid({"reason": _("请选择问题。")})
    if len(details) > DETAILS_MAX:
        raise JobInvalid({"details": _("详细情况不能超过 %(n)d 个字。") % {"n": DETAILS_MAX}})
    key = (idempotency_key or "").strip()[:64]
    flags = triage_text(details).codes if details else []

    def create() -> PostingReport:
        report = PostingReport.objects.create(
            posting=posting,
            seafarer=seafarer,
            reason=reason,
            details=details,
            red_flags=flags,
            idempotency_key=key,
        )
        record_audit(
            seafarer,
            "jobs.report",
            target=posting,
            purpose=PURPOSE,
            request=request,
            detail={"reason": reason},
        )
        return report

    report, _created = create_once(PostingReport.objects.filter(seafarer=seafarer), key, "", create)
    return report


def do_suspend_posting(
    staff: User, posting: Posting, *, reason: str, request: HttpRequest | None = None
) -> Posting:
    """Union staff take a posting down; its open reports count as handled."""
    if not is_union_staff(staff):
        raise Refused(_("只有工会工作人员可以暂停岗位。"))
    reason = (reason or "").strip()
    if not reason or len(reason) > REASON_MAX:
        raise JobInvalid({"note": _("请写明暂停原因(不超过 %(n)d 个字)。") % {"n": REASON_MAX}})
    now = timezone.now()
    with transaction.atomic():
        current = Posting.objects.select_for_update().get(pk=posting.pk)
        current.status = Posting.Status.SUSPENDED
        current.review_note = reason
        current.save(update_fields=["status", "review_note", "updated_at"])
        current.reports.filter(handled_at__isnull=True).update(handled_at=now)
        record_audit(
            staff, "jobs.posting_suspend", target=current, purpose=PURPOSE, request=request
        )
        # Everyone with an application still in play hears that the posting is on hold (no
        # reason given: reports are confidential); their application and its terms stay.
        live = current.applications.filter(status__in=Application.ACTIVE).select_related(
            "seafarer", "posting__company"
        )
        for application in live:
            notify_seafarer(
                application, "suspended", SUSPENDED_MESSAGE, f"suspended-{application.pk}"
            )
    return current


def do_start_fee_case(
    seafarer: User, posting: Posting, *, request: HttpRequest | None = None
) -> RightsCase:
    """A seafarer asked for a recruitment fee opens a rights case with the posting attached:
    the seafarer's draft of a 中介收费 case (the rights app's own draft, saved through its
    action) with the company named and the advertised terms, as approved, written into the
    case as evidence. The seafarer adds what they paid and submits it themselves."""
    version = posting.versions.order_by("-number").first()
    terms = version.terms if version is not None else terms_of(posting)
    lines = [f"{label}:{text}" for label, text in terms_rows(terms)]
    approved = timezone.localtime(version.approved_at).date().isoformat() if version else "—"
    description = "\n".join(
        [
            _(
                "这个岗位要求我交招聘费用。以下是海员之家上的招聘条件"
                "(岗位 %(pk)s,工会审核通过于 %(day)s):"
            )
            % {"pk": posting.pk, "day": approved},
            *lines,
        ]
    )
    company = posting.company.name[:120]
    values = {"agency": company, "employer": company}
    if posting.vessel is not None:
        values["vessel_name"] = posting.vessel.name[:80]
    return do_save_draft(
        seafarer,
        category=FEE_CASE_CATEGORY,
        summary=(_("招聘收费:%(company)s") % {"company": company})[:SUMMARY_MAX_LENGTH],
        description=description[:DESCRIPTION_MAX_LENGTH],
        values=values,
        request=request,
    )
