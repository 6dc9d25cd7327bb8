"""A training officer publishes courses and their sessions, for a provider they act for.
Fields arrive parsed (forms.py); the rules between fields are checked here, before writing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.audit.services import record_audit
from seafarers_home.certificates.kinds import get_kind
from seafarers_home.certificates.validity import today_for
from seafarers_home.courses.errors import CourseInvalid, Refused
from seafarers_home.courses.models import Application, Course, CourseSession
from seafarers_home.courses.notify import notify_applicant

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User
    from seafarers_home.organisations.models import Organisation

PURPOSE = "training courses"
MAX_SEATS = 500
MAX_VALID_MONTHS = 120


def do_create_course(
    officer: User,
    provider: Organisation,
    *,
    title: str,
    description: str = "",
    issues_kind: str = "",
    certificate_valid_months: int | None = None,
    request: HttpRequest | None = None,
) -> Course:
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("请填写课程名称。")
    kind = get_kind(issues_kind) if issues_kind else None
    if issues_kind and kind is None:
        errors["issues_kind"] = _("请从列表中选择证书种类。")
    months = certificate_valid_months
    if months is not None and not 1 <= months <= MAX_VALID_MONTHS:
        errors["certificate_valid_months"] = _("有效期应在 1 到 %(n)d 个月之间。") % {
            "n": MAX_VALID_MONTHS
        }
    elif kind is not None and kind.expires and months is None:
        errors["certificate_valid_months"] = _("这种证书有有效期,请填写结业证书的有效月数。")
    if errors:
        raise CourseInvalid(errors)
    with transaction.atomic():
        course = Course.objects.create(
            provider=provider,
            title=title,
            description=(description or "").strip(),
            issues_kind=issues_kind or "",
            certificate_valid_months=months if kind is not None and kind.expires else None,
        )
        record_audit(officer, "course.create", target=course, purpose=PURPOSE, request=request)
    return course


def session_errors(
    officer: User, terms: dict[str, Any], *, partial: bool = False
) -> dict[str, str]:
    """Every rule a session's terms break, by field, all at once (an officer fixes them in one
    round). ``partial``: the form refused some terms already and said why (they are missing
    from ``terms``); those, and the rules between them and others, are not judged again."""
    errors: dict[str, str] = {}
    starts_on, ends_on = terms.get("starts_on"), terms.get("ends_on")
    if starts_on is not None and starts_on < today_for(officer):
        errors["starts_on"] = _("开班日期不能早于今天。")
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("结业日期不能早于开班日期。")
    if (not partial or "place" in terms) and not (terms.get("place") or "").strip():
        errors["place"] = _("请填写上课地点。")
    seats = terms.get("seats")
    if (not partial or seats is not None) and not 1 <= (seats or 0) <= MAX_SEATS:
        errors["seats"] = _("名额应在 1 到 %(n)d 之间。") % {"n": MAX_SEATS}
    fee_amount = terms.get("fee_amount")
    if fee_amount is not None and fee_amount < 0:
        errors["fee_amount"] = _("费用不能是负数。")
    if any(get_kind(code) is None for code in terms.get("prerequisites") or []):
        errors["prerequisites"] = _("请从列表中选择证书种类。")
    valid_until = terms.get("prerequisites_valid_until")
    if valid_until is not None and starts_on is not None and valid_until < starts_on:
        errors["prerequisites_valid_until"] = _("证书须有效的日期不能早于开班日期。")
    return errors


def do_create_session(
    officer: User,
    course: Course,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str,
    seats: int,
    fee_text: str = "",
    fee_amount: Decimal | None = None,
    prerequisites: list[str] | None = None,
    prerequisites_valid_until: datetime.date | None = None,
    documents: str = "",
    request: HttpRequest | None = None,
) -> CourseSession:
    terms = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "place": place,
        "seats": seats,
        "fee_amount": fee_amount,
        "prerequisites": prerequisites or [],
        "prerequisites_valid_until": prerequisites_valid_until,
    }
    errors = session_errors(officer, terms)
    codes = list(dict.fromkeys(prerequisites or []))
    if errors:
        raise CourseInvalid(errors)
    with transaction.atomic():
        session = CourseSession.objects.create(
            course=course,
            starts_on=starts_on,
            ends_on=ends_on,
            place=place.strip(),
            seats=seats,
            fee_text=(fee_text or "").strip(),
            fee_amount=fee_amount,
            prerequisites=codes,
            prerequisites_valid_until=prerequisites_valid_until,
            documents=(documents or "").strip(),
        )
        record_audit(
            officer,
            "course.session_create",
            target=session,
            purpose=PURPOSE,
            request=request,
            detail={"course": course.pk, "seats": seats},
        )
    return session


CANCELLED_MESSAGE = gettext_lazy("“%(course)s”(%(starts)s 开班)已取消。原因:%(reason)s")
REASON_MAX = 300


def do_cancel_session(
    officer: User, session: CourseSession, *, reason: str, request: HttpRequest | None = None
) -> CourseSession:
    """Cancel a session: no more applications, and everyone with a live application (pending,
    with a seat or waiting) is told why. Raises ``CourseInvalid`` without a reason, ``Refused``
    when it is already cancelled."""
    reason = (reason or "").strip()
    if not reason:
        raise CourseInvalid({"reason": _("请写明取消的原因,报名的海员会看到。")})
    if len(reason) > REASON_MAX:
        raise CourseInvalid({"reason": _("原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}})
    with transaction.atomic():
        locked = CourseSession.objects.select_for_update().get(pk=session.pk)
        if locked.cancelled_at is not None:
            raise Refused(_("这个班次已经取消了。"))
        locked.cancelled_at = timezone.now()
        locked.cancel_reason = reason
        locked.save(update_fields=["cancelled_at", "cancel_reason", "updated_at"])
        live = list(
            locked.applications.select_for_update(of=("self",))
            .filter(status__in=Application.ACTIVE)
            .select_related("seafarer", "session__course")
        )
        for application in live:
            application.status = Application.Status.CANCELLED
            application.save(update_fields=["status", "updated_at"])
            notify_applicant(application, "cancelled", CANCELLED_MESSAGE, reason=reason)
        record_audit(
            officer,
            "course.session_cancel",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"applications": len(live)},
        )
    return locked
