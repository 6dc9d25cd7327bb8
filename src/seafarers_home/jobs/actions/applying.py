"""A seafarer applies (idempotent; a short profile they type and copies of the certificates
they choose from their wallet, nothing else) and withdraws; the company moves an application
along; either side writes in the application's thread; seafarers save searches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.audit.services import record_audit
from seafarers_home.certificates.models import Certificate
from seafarers_home.certificates.validity import today_for
from seafarers_home.core.idempotency import create_once, payload_digest
from seafarers_home.jobs.errors import JobInvalid, Refused
from seafarers_home.jobs.models import (
    Application,
    ApplicationMessage,
    Posting,
    Rank,
    SavedSearch,
    VesselType,
)
from seafarers_home.jobs.notify import notify_company, notify_seafarer

if TYPE_CHECKING:
    from seafarers_home.accounts.models import User

PURPOSE = "job application"
MESSAGE_MAX = 1000
MAX_SEARCHES = 10
MAX_SHARED = 20
Status = Application.Status

# Which state the company may move an application to from which.
MOVES: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: (Status.VIEWED, Status.SHORTLISTED, Status.DECLINED),
    Status.VIEWED: (Status.SHORTLISTED, Status.INTERVIEW, Status.DECLINED),
    Status.SHORTLISTED: (Status.INTERVIEW, Status.OFFERED, Status.DECLINED),
    Status.INTERVIEW: (Status.OFFERED, Status.DECLINED),
    Status.OFFERED: (Status.ACCEPTED, Status.DECLINED),
}
STATUS_MESSAGE = gettext_lazy("您投递的%(company)s“%(rank)s”岗位状态已更新。")


def _open(posting: Posting, seafarer: User) -> None:
    if posting.status != Posting.Status.APPROVED or posting.closes_on < today_for(seafarer):
        raise Refused(_("这个岗位已经截止或未发布,不能投递。"))


def do_apply(
    seafarer: User,
    posting: Posting,
    *,
    name: str,
    rank: str,
    sea_service_months: int | None,
    languages: str = "",
    certificate_ids: Sequence[int] = (),
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> Application:
    """One application per seafarer and posting (a resend answers the same one)."""
    key = (idempotency_key or "").strip()[:64]
    existing = Application.objects.filter(
        posting=posting, seafarer=seafarer, status__in=Application.ACTIVE
    ).first()
    if existing is not None:
        if key and existing.idempotency_key == key:
            return existing
        raise Refused(_("您已经投递过这个岗位。"))
    _open(posting, seafarer)
    name, languages = (name or "").strip(), (languages or "").strip()
    errors: dict[str, str] = {}
    if not name or len(name) > 60:
        errors["name"] = _("请填写姓名(不超过 60 个字)。")
    if rank not in Rank.values:
        errors["rank"] = _("请选择职务。")
    if sea_service_months is None or not 0 <= sea_service_months <= 720:
        errors["sea_service_months"] = _("海上资历须在 0 到 720 个月之间。")
    if len(languages) > 100:
        errors["languages"] = _("语言不能超过 100 个字。")
    ids = set(certificate_ids)
    in_range = all(0 < pk < 2**63 for pk in ids) and len(ids) <= MAX_SHARED
    version = posting.versions.order_by("-number").first()
    chosen = list(Certificate.objects.filter(seafarer=seafarer, pk__in=ids)) if in_range else []
    if len(chosen) != len(ids):
        errors["certificates"] = _("只能选择您证书夹中的证书。")
    if errors or sea_service_months is None or version is None:
        raise JobInvalid(errors or {"posting": _("这个岗位已经截止或未发布,不能投递。")})
    shared = [
        {
            "kind": c.kind,
            "number": c.number,
            "issuer": c.issuer,
            "expires_on": c.expires_on.isoformat() if c.expires_on else None,
        }
        for c in chosen
    ]
    digest = payload_digest({"posting": posting.pk, "certificates": sorted(certificate_ids)})

    def create() -> Application:
        application = Application.objects.create(
            posting=posting,
            version=version,
            seafarer=seafarer,
            name=name,
            rank=rank,
            sea_service_months=sea_service_months,
            languages=languages,
            shared_certificates=shared,
            idempotency_key=key,
            payload_hash=digest if key else "",
        )
        record_audit(
            seafarer,
            "jobs.apply",
            target=application,
            purpose=PURPOSE,
            request=request,
            detail={"posting": posting.pk, "shared": [item["kind"] for item in shared]},
        )
        notify_company(
            application,
            "new_application",
            gettext_lazy("“%(rank)s”岗位有新的投递。"),
            f"new_application.{application.pk}",
        )
        return application

    try:
        application, _created = create_once(
            Application.objects.filter(seafarer=seafarer), key, digest if key else "", create
        )
    except IntegrityError:
        raise Refused(_("您已经投递过这个岗位。")) from None
    return application


def do_withdraw_application(
    seafarer: User, application: Application, *, request: HttpRequest | None = None
) -> Application:
    if application.seafarer_id != seafarer.pk:
        raise Refused(_("找不到这份投递。"))
    with transaction.atomic():
        current = Application.objects.select_for_update().get(pk=application.pk)
        if current.status in (Status.WITHDRAWN, Status.DECLINED, Status.ACCEPTED):
            raise Refused(_("这份投递已经结束,不能撤回。"))
        current.status = Status.WITHDRAWN
        current.save(update_fields=["status", "updated_at"])
        record_audit(seafarer, "jobs.withdraw", target=current, purpose=PURPOSE, request=request)
    return current


def do_move_application(
    officer: User, application: Application, to: str, *, request: HttpRequest | None = None
) -> Application:
    """The company moves an application to the next state; the seafarer is told."""
    with transaction.atomic():
        current = (
            Application.objects.select_for_update()
            .select_related("posting__company", "seafarer")
            .get(pk=application.pk)
        )
        if current.status == to:
            return current
        if to not in MOVES.get(current.status, ()):
            raise Refused(_("这份投递现在不能改为这个状态。"))
        was = current.status
        current.status = to
        current.save(update_fields=["status", "updated_at"])
        record_audit(
            officer,
            "jobs.application_move",
            target=current,
            purpose=PURPOSE,
            request=request,
            detail={"from": was, "to": to},
        )
        notify_seafarer(current, "status", STATUS_MESSAGE, f"status.{current.pk}.{to}")
    return current


def do_post_message(
    author: User,
    application: Application,
    body: str,
    *,
    from_company: bool,
    idempotency_key: str = "",
    request: HttpRequest | None = None,
) -> ApplicationMessage:
    body = (body or "").strip()
    if not body or len(body) > MESSAGE_MAX:
        raise JobInvalid({"body": _("留言须在 1 到 %(n)d 个字之间。") % {"n": MESSAGE_MAX}})
    if application.status == Status.WITHDRAWN:
        raise Refused(_("这份投递已撤回,不能再留言。"))
    key = (idempotency_key or "").strip()[:64]

    def create() -> ApplicationMessage:
        message = ApplicationMessage.objects.create(
            application=application,
            author=author,
            from_company=from_company,
            body=body,
            idempotency_key=key,
        )
        record_audit(author, "jobs.message", target=application, purpose=PURPOSE, request=request)
        if from_company:
            notify_seafarer(
                application,
                "message",
                gettext_lazy("%(company)s就您投递的“%(rank)s”岗位给您留言。"),
                f"message.{message.pk}",
            )
        else:
            notify_company(
                application,
                "message",
                gettext_lazy("“%(rank)s”岗位的投递人给您留言。"),
                f"message.{message.pk}",
            )
        return message

    message, _created = create_once(
        ApplicationMessage.objects.filter(application=application), key, "", create
    )
    return message


def do_save_search(
    seafarer: User,
    *,
    rank: str = "",
    vessel_type: str = "",
    area: str = "",
    wage_from: int | None = None,
    request: HttpRequest | None = None,
) -> SavedSearch:
    area = (area or "").strip()
    if (rank and rank not in Rank.values) or (vessel_type and vessel_type not in VesselType.values):
        raise JobInvalid({"search": _("请选择有效的职务和船舶类型。")})
    if len(area) > 80 or (wage_from is not None and wage_from < 0):
        raise JobInvalid({"search": _("订阅条件无效。")})
    if not (rank or vessel_type or area or wage_from):
        raise JobInvalid({"search": _("请至少选择一个条件再订阅。")})
    existing = SavedSearch.objects.filter(
        seafarer=seafarer, rank=rank, vessel_type=vessel_type, area=area, wage_from=wage_from
    ).first()
    if existing is not None:
        return existing
    if SavedSearch.objects.filter(seafarer=seafarer).count() >= MAX_SEARCHES:
        raise Refused(_("最多保存 %(n)d 个订阅。") % {"n": MAX_SEARCHES})
    with transaction.atomic():
        search = SavedSearch.objects.create(
            seafarer=seafarer, rank=rank, vessel_type=vessel_type, area=area, wage_from=wage_from
        )
        record_audit(seafarer, "jobs.search_save", target=search, purpose=PURPOSE, request=request)
    return search


def do_delete_search(
    seafarer: User, search: SavedSearch, *, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        record_audit(
            seafarer, "jobs.search_delete", target=search, purpose=PURPOSE, request=request
        )
        search.delete()
