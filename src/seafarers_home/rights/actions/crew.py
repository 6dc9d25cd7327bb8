"""A whole crew as one case (issue 11 item 6): a crewmate joins with the invite code, or the
legal worker who holds the case adds crewmates from the vessel's crew records and each of them
confirms (their own amount owed and their consent) or declines. Until they confirm they are
no claimant: not in the totals, not told about the case's progress, not shown its pages."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seafarers_home.accounts.models import User
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import mark_replay
from seafarers_home.incidents.crew import crew_of
from seafarers_home.notifications.actions import do_send_notification
from seafarers_home.organisations.models import Vessel
from seafarers_home.rights.actions.working import CaseRefused, require_owner
from seafarers_home.rights.categories import clean_amount, clean_currency
from seafarers_home.rights.crew import MAX_CLAIMANTS, is_crew_case, normalise_code
from seafarers_home.rights.models import CaseEntry, Claimant, RightsCase
from seafarers_home.rights.reporting import PURPOSE, CaseInvalid, notify_owner

# No case details: the seafarer opens the link, signed in, to read what they are asked.
ADDED_MESSAGE = gettext_lazy("法律工作者邀请您加入船员共同维权案件,请查看并确认。")


def _claim_fields(amount: str, currency: str, consent: bool) -> dict:
    """The crewmate's own claim, checked; ``CaseInvalid`` when something is missing."""
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
    if errors:
        raise CaseInvalid(errors)
    return fields


def _confirm(claim: Claimant, fields: dict, seafarer: User, request: HttpRequest | None) -> None:
    """Write the claim's amount and consent, its timeline entry, the audit row (caller's
    transaction, the claim locked)."""
    claim.amount_owed, claim.currency = fields["amount_owed"], fields["currency"]
    claim.consented_at = timezone.now()
    claim.save(update_fields=["amount_owed", "currency", "consented_at", "updated_at"])
    case = claim.case
    entry = CaseEntry.objects.create(case=case, author=seafarer, kind=CaseEntry.Kind.JOINED)
    record_audit(seafarer, "rights.join", target=case, purpose=PURPOSE, request=request)
    transaction.on_commit(lambda: notify_owner(case, entry.pk), robust=True)


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
    expired code, one's own case, a case already joined with another claim or no consent raise
    ``CaseInvalid`` and nothing is stored. Joining again with the same claim returns it (marked
    a replay: a resend); a crewmate the legal worker added confirms by joining."""
    wanted = normalise_code(code)
    try:
        fields = _claim_fields(amount, currency, consent)
    except CaseInvalid as exc:
        if not wanted:
            exc.errors["code"] = _("请填写邀请码。")
        raise
    if not wanted:
        raise CaseInvalid({"code": _("请填写邀请码。")})
    with transaction.atomic():
        case = (
            RightsCase.objects.select_for_update()
            .filter(invite_code=wanted, invite_expires_at__gt=timezone.now())
            .first()
        )
        if case is None or not case.is_open:
            raise CaseInvalid({"code": _("邀请码不对或已过期。请向发给您的船员核对。")})
        if case.seafarer_id == seafarer.pk:
            raise CaseInvalid({"code": _("您已经在这个案件里了。")})
        claim = case.claimants.select_for_update().filter(seafarer=seafarer).first()
        if claim is not None and claim.confirmed:
            same = (claim.amount_owed, claim.currency) == (
                fields["amount_owed"],
                fields["currency"],
            )
            if same:
                return mark_replay(claim)
            raise CaseInvalid({"code": _("您已经在这个案件里了。")})
        if claim is None:
            if case.claimants.count() >= MAX_CLAIMANTS:
                raise CaseInvalid({"code": _("这个案件的人数已满,请联系工会。")})
            try:
                with transaction.atomic():
                    claim = Claimant.objects.create(case=case, seafarer=seafarer)
            except IntegrityError:  # the same seafarer joining twice at once
                raise CaseInvalid({"code": _("您已经在这个案件里了。")}) from None
        claim.case = case
        _confirm(claim, fields, seafarer, request)
    return claim


def do_add_crewmates(
    case: RightsCase,
    worker: User,
    vessel: Vessel,
    people: Iterable[int],
    *,
    request: HttpRequest | None = None,
) -> int:
    """The case's owner adds crewmates from ``vessel``'s crew records (``incidents.crew``: who
    the records say is aboard). Each is asked to confirm; how many were added (one already on
    the case is not added again). Someone not on the vessel's records, a case that is not a
    crew case or not the worker's raise ``CaseInvalid`` / ``CaseRefused``; nothing is stored."""
    wanted = set(people)
    if not wanted:
        raise CaseInvalid({"people": _("请至少选择一位船员。")})
    if not is_crew_case(case):
        raise CaseRefused(_("这个类别的案件不能添加共同申请人。"))
    crew = {u.pk: u for u in crew_of(vessel).filter(pk__in=wanted)}
    if set(crew) != wanted:
        raise CaseInvalid({"people": _("只能添加这艘船船员记录里的人。")})
    with transaction.atomic():
        locked = RightsCase.objects.select_for_update().get(pk=case.pk)
        require_owner(locked, worker)
        already = set(locked.claimants.values_list("seafarer_id", flat=True))
        new = [
            u for pk, u in sorted(crew.items()) if pk not in already and pk != locked.seafarer_id
        ]
        if len(already) + len(new) > MAX_CLAIMANTS:
            raise CaseInvalid({"people": _("这个案件的人数已满,请联系工会。")})
        Claimant.objects.bulk_create(
            Claimant(case=locked, seafarer=person, added_by=worker) for person in new
        )
        if new:
            CaseEntry.objects.create(
                case=locked,
                author=worker,
                kind=CaseEntry.Kind.CREW_ADDED,
                body=_("从“%(vessel)s”的船员记录添加了 %(n)d 人,等待本人确认。")
                % {"vessel": vessel.name, "n": len(new)},
            )
        record_audit(
            worker,
            "rights.crew_add",
            target=locked,
            purpose=PURPOSE,
            request=request,
            detail={"vessel": vessel.pk, "people": [u.pk for u in new]},
        )
        claims = {c.seafarer_id: c.pk for c in locked.claimants.filter(consented_at__isnull=True)}
        for person in new:
            transaction.on_commit(
                lambda person=person: do_send_notification(
                    person,
                    kind="rights.crew_invite",
                    message=ADDED_MESSAGE,
                    url=reverse("rights:claim", kwargs={"pk": claims[person.pk]}),
                    dedupe_key=f"rights.crew_invite.{claims[person.pk]}",
                    sms=True,
                ),
                robust=True,
            )
    return len(new)


def do_confirm_claim(
    claim: Claimant,
    seafarer: User,
    *,
    amount: str,
    currency: str,
    consent: bool,
    request: HttpRequest | None = None,
) -> Claimant:
    """The crewmate added by the legal worker confirms with their own amount owed: from now
    on they are a claimant. Confirming again with the same claim returns it."""
    fields = _claim_fields(amount, currency, consent)
    with transaction.atomic():
        locked = Claimant.objects.select_for_update().select_related("case").get(pk=claim.pk)
        if locked.seafarer_id != seafarer.pk:
            raise CaseInvalid({"code": _("这个邀请不是给您的。")})
        if locked.confirmed:
            if (locked.amount_owed, locked.currency) == (
                fields["amount_owed"],
                fields["currency"],
            ):
                return mark_replay(locked)
            raise CaseInvalid({"amount": _("您已经确认过了。")})
        if not locked.case.is_open:
            raise CaseInvalid({"code": _("这个案件已经办结。")})
        _confirm(locked, fields, seafarer, request)
    return locked


def do_decline_claim(
    claim: Claimant, seafarer: User, *, request: HttpRequest | None = None
) -> None:
    """The crewmate does not want to be on the case: the pending row goes (nothing of theirs
    stays with the case but the audit row)."""
    with transaction.atomic():
        locked = Claimant.objects.select_for_update().filter(pk=claim.pk).first()
        if locked is None or locked.confirmed or locked.seafarer_id != seafarer.pk:
            return
        record_audit(
            seafarer, "rights.crew_decline", target=locked.case, purpose=PURPOSE, request=request
        )
        locked.delete()
