"""A crewmate joins a crew case with its invite code (issue 11 item 6)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.rights.categories import clean_amount, clean_currency
from seafarers_home.rights.crew import MAX_CLAIMANTS, normalise_code
from seafarers_home.rights.models import CaseEntry, Claimant, RightsCase
from seafarers_home.rights.reporting import PURPOSE, CaseInvalid, notify_owner


def do_join_crew_case(
    seafarer: User,
    *,
    code: str,
    amount: str,
    currency: str,
    consent: bool,
    request: HttpRequest | None = None,
) -> Claimant:
    """Join the open crew case whose code this is, with one's own amount owed. An unknown or
    expired code, one's own case, a case already joined or no consent raise ``CaseInvalid``
    and nothing is stored."""
    errors: dict[str, str] = {}
    fields = {}
    try:
        fields["amount_owed"] = clean_amount(amount or "")
    except ValueError as exc:
        errors["amount"] = str(exc) if (amount or "").strip() else _("这一项必须填写。")
    try:
        fields["currency"] = clean_currency(currency or "")
    except ValueError as exc:
        errors["currency"] = str(exc)
    if not consent:
        errors["consent"] = _("请确认同意加入,法律工作者才能代您维权。")
    wanted = normalise_code(code)
    if not wanted:
        errors["code"] = _("请填写邀请码。")
    if errors:
        raise CaseInvalid(errors)
    with transaction.atomic():
        case = (
            RightsCase.objects.select_for_update()
            .filter(invite_code=wanted, invite_expires_at__gt=timezone.now())
            .first()
        )
        if case is None or not case.is_open:
            raise CaseInvalid({"code": _("邀请码不对或已过期。请向发给您的船员核对。")})
        if case.seafarer_id == seafarer.pk or case.claimants.filter(seafarer=seafarer).exists():
            raise CaseInvalid({"code": _("您已经在这个案件里了。")})
        if case.claimants.count() >= MAX_CLAIMANTS:
            raise CaseInvalid({"code": _("这个案件的人数已满,请联系工会。")})
        try:
            with transaction.atomic():
                claim = Claimant.objects.create(
                    case=case, seafarer=seafarer, consented_at=timezone.now(), **fields
                )
        except IntegrityError:  # the same seafarer joining twice at once
            raise CaseInvalid({"code": _("您已经在这个案件里了。")}) from None
        entry = CaseEntry.objects.create(case=case, author=seafarer, kind=CaseEntry.Kind.JOINED)
        record_audit(seafarer, "rights.join", target=case, purpose=PURPOSE, request=request)
        transaction.on_commit(lambda: notify_owner(case, entry.pk), robust=True)
    return claim
