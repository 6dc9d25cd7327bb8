"""A seafarer applies for a session (idempotent: one live application per session, the
prerequisites checked against the wallet, documents re-encoded) and withdraws (a freed seat
goes to the oldest waiting applicant)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.audit.services import record_audit
from seafarers_home.certificates.validity import today_for
from seafarers_home.core.idempotency import create_once, mark_replay, payload_digest
from seafarers_home.courses.actions.offers import promote_waiting
from seafarers_home.courses.errors import CourseInvalid, Refused
from seafarers_home.courses.models import Application, ApplicationDocument, CourseSession
from seafarers_home.courses.notify import notify_applicant, notify_provider
from seafarers_home.courses.prerequisites import refusal_message, requirements_for
from seafarers_home.inquiries.photos import PhotoError, reencode_photo

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "training course application"
NOTE_MAX = 300
MAX_DOCUMENTS = 3
KEY_MAX = 64
Status = Application.Status


def _open_for(seafarer: User, session: CourseSession) -> None:
    if session.cancelled_at is not None:
        raise Refused(_("这个班次已经取消,不能报名。"))
    if today_for(seafarer) >= session.starts_on:
        raise Refused(_("这个班次已经开班,不能再报名。"))


def do_apply(
    seafarer: User,
    session: CourseSession,
    *,
    note: str = "",
    documents: Sequence[Any] = (),
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """The seafarer's live application for ``session``: the one already made, or a new one.
    Raises ``Refused`` (closed, prerequisites missing) or ``CourseInvalid`` before writing."""
    existing = Application.objects.filter(
        session=session, seafarer=seafarer, status__in=Application.ACTIVE
    ).first()
    if existing is not None:
        return mark_replay(existing)
    _open_for(seafarer, session)
    note = (note or "").strip()
    errors: dict[str, str] = {}
    if len(note) > NOTE_MAX:
        errors["note"] = _("留言不能超过 %(n)d 个字。") % {"n": NOTE_MAX}
    if len(documents) > MAX_DOCUMENTS:
        errors["documents"] = _("最多只能上传 %(n)d 张材料照片。") % {"n": MAX_DOCUMENTS}
    if errors:
        raise CourseInvalid(errors)
    requirements = requirements_for(seafarer, session)
    missing = [item for item in requirements if not item.met]
    if missing:
        raise Refused(refusal_message(session, missing))
    encoded = []
    for number, upload in enumerate(documents, start=1):
        try:
            encoded.append(reencode_photo(upload))
        except PhotoError as exc:
            errors["documents"] = _("第 %(n)d 张材料:%(error)s") % {
                "n": number,
                "error": exc.message,
            }
            raise CourseInvalid(errors) from None
    shared = [
        {
            "kind": item.kind,
            "number": item.held.number,
            "issuer": item.held.issuer,
            "expires_on": item.held.expires_on.isoformat() if item.held.expires_on else None,
        }
        for item in requirements
        if item.held is not None
    ]
    key = (idempotency_key or "").strip()[:KEY_MAX]
    digest = payload_digest({"session": session.pk, "note": note, "documents": len(encoded)})

    def create() -> Application:
        application = Application.objects.create(
            session=session,
            seafarer=seafarer,
            note=note,
            shared_certificates=shared,
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        ApplicationDocument.objects.bulk_create(
            ApplicationDocument(application=application, image=doc.data, byte_size=doc.byte_size)
            for doc in encoded
        )
        record_audit(
            seafarer,
            "course.apply",
            target=application,
            purpose=PURPOSE,
            request=request,
            detail={"session": session.pk, "shared": [item["kind"] for item in shared]},
        )
        notify_applicant(
            application,
            "applied",
            gettext_lazy("您报名的“%(course)s”(%(starts)s 开班)已提交,等待培训机构审核。"),
        )
        notify_provider(application)
        return application

    mine = Application.objects.filter(seafarer=seafarer)
    try:
        application, created = create_once(mine, key, digest if key else "", create)
        if not created:
            mark_replay(application)
    except IntegrityError:
        # Two copies of the form without a key raced: the first one's application answers.
        winner = Application.objects.filter(
            session=session, seafarer=seafarer, status__in=Application.ACTIVE
        ).first()
        if winner is None:
            raise
        application = mark_replay(winner)
    return application


def do_withdraw_application(
    application: Application, seafarer: User, *, request: HttpRequest | None = None
) -> Application:
    """The seafarer cancels a live application; a seat it held goes to the oldest waiting."""
    if application.seafarer_id != seafarer.pk:
        raise Refused(_("找不到这份报名。"))
    with transaction.atomic():
        session = CourseSession.objects.select_for_update().get(pk=application.session_id)
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status not in Application.ACTIVE:
            raise Refused(_("这份报名已经结束,不能取消。"))
        held_seat = current.status in (Status.APPROVED, Status.OFFERED)
        current.status = Status.WITHDRAWN
        current.save(update_fields=["status", "updated_at"])
        record_audit(
            seafarer,
            "course.withdraw",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"held_seat": held_seat},
        )
        if held_seat:
            promote_waiting(session)
    return current
