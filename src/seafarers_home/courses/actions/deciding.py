"""The provider's decisions: approve (a seat, or the waiting list when the seats are taken) or
decline with a reason; the attendance of an approved applicant, which on completion issues the
course's certificate into the seafarer's wallet. (A freed seat is offered to the oldest waiting
applicant by offers.py.)

Seats are counted under a row lock on the session, so two officers approving at once, or an
approval racing a withdrawal, never overbook. The seafarer is told of each decision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.audit.services import record_audit
from seafarers_home.certificates.actions import do_issue_certificate
from seafarers_home.certificates.validity import today_for
from seafarers_home.courses.errors import CourseInvalid, Refused
from seafarers_home.courses.models import Application, CourseSession
from seafarers_home.courses.notify import notify_applicant
from seafarers_home.courses.seats import seats_taken
from seafarers_home.lib.calendar_months import add_months

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "training course decisions"
REASON_MAX = 300
Status = Application.Status

APPROVED_MESSAGE = gettext_lazy("您已被“%(course)s”(%(starts)s 开班)录取,请按时参加。")
WAITLISTED_MESSAGE = gettext_lazy(
    "您报名的“%(course)s”(%(starts)s 开班)审核通过,名额已满,您在候补名单中,有空位时按报名先后递补。"
)
DECLINED_MESSAGE = gettext_lazy(
    "您报名的“%(course)s”(%(starts)s 开班)未被录取,原因见“我的培训报名”。"
)
COMPLETED_MESSAGE = gettext_lazy(
    "您已完成“%(course)s”(%(starts)s 开班)的培训,结业记录已放入证书夹。"
)
COMPLETED_PLAIN_MESSAGE = gettext_lazy("培训机构已记录您完成“%(course)s”(%(starts)s 开班)的培训。")
NO_SHOW_MESSAGE = gettext_lazy(
    "培训机构记录您未参加“%(course)s”(%(starts)s 开班)。如有疑问请联系培训机构。"
)


def _locked(application: Application) -> tuple[CourseSession, Application]:
    session = CourseSession.objects.select_for_update().get(pk=application.session_id)
    current = (
        Application.objects.select_for_update(of=("self",))
        .select_related("seafarer", "session__course__provider")
        .get(pk=application.pk)
    )
    return session, current


def do_decide_application(
    application: Application,
    officer: User,
    *,
    approve: bool,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """Approve (a seat or the waiting list) or decline with a reason. Raises ``Refused`` when
    the application was already decided, ``CourseInvalid`` for a decline without a reason."""
    reason = (reason or "").strip()
    if not approve and not reason:
        raise CourseInvalid({"reason": _("请写明未录取的原因,海员会看到。")})
    if len(reason) > REASON_MAX:
        raise CourseInvalid({"reason": _("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}})
    with transaction.atomic():
        session, current = _locked(application)
        if session.cancelled_at is not None:
            raise Refused(_("这个班次已经取消了。"))
        if approve:
            if current.status != Status.PENDING:
                raise Refused(_("这份报名已经处理过了。"))
            has_seat = seats_taken(session) < session.seats
            current.status = Status.APPROVED if has_seat else Status.WAITLISTED
        else:
            if current.status not in (Status.PENDING, Status.WAITLISTED):
                raise Refused(_("这份报名已经处理过了。"))
            current.status = Status.DECLINED
            current.decline_reason = reason
        current.decided_by = officer
        current.decided_at = timezone.now()
        current.save()
        record_audit(
            officer,
            "course.decide",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"status": current.status},
        )
        message = {
            Status.APPROVED: APPROVED_MESSAGE,
            Status.WAITLISTED: WAITLISTED_MESSAGE,
            Status.DECLINED: DECLINED_MESSAGE,
        }[current.status]
        notify_applicant(current, str(current.status), message)
    return current


def do_record_attendance(
    application: Application,
    officer: User,
    *,
    completed: bool,
    request: HttpRequest | None = None,
) -> Application:
    """Record that an approved applicant completed the course (its certificate, when it issues
    one, lands in their wallet) or did not come. Only once the session has begun."""
    with transaction.atomic():
        session, current = _locked(application)
        if current.status != Status.APPROVED:
            raise Refused(_("只有已录取的学员才能记录结业或缺席。"))
        today = today_for(officer)
        if today < session.starts_on:
            raise Refused(_("班次还没有开始,不能记录结业或缺席。"))
        course = current.session.course
        if completed and course.issues_kind:
            issued_on = min(today, session.ends_on)
            months = course.certificate_valid_months
            current.certificate = do_issue_certificate(
                current.seafarer,
                provider=course.provider,
                by=officer,
                kind=course.issues_kind,
                number=f"{course.provider.code.upper()}-{session.pk}-{current.pk}",
                issued_on=issued_on,
                expires_on=add_months(issued_on, months) if months else None,
                request=request,
            )
        current.status = Status.COMPLETED if completed else Status.NO_SHOW
        current.save(update_fields=["status", "certificate", "updated_at"])
        record_audit(
            officer,
            "course.attendance",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"status": current.status, "certificate": current.certificate_id},
        )
        if not completed:
            message = NO_SHOW_MESSAGE
        else:
            message = COMPLETED_MESSAGE if current.certificate_id else COMPLETED_PLAIN_MESSAGE
        notify_applicant(current, str(current.status), message)
    return current
