"""Every write of 心理CT: taking a screening (start, submit one instrument, complete), the
clinician's review and fit-for-duty clearance, and a completed self-care lesson (crew
campaigns and their invitees: ``actions_campaigns.py``). Each ``do_*`` owns its transaction
and audit row; the rules and read helpers they use stay in services.py, review.py and
training.py."""

from __future__ import annotations

import datetime
import json
import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from seafarers_home.accounts.models import User
from seafarers_home.alerts.actions.raising import do_raise_crisis_alert
from seafarers_home.audit.services import record_audit
from seafarers_home.core.idempotency import create_once, mark_replay
from seafarers_home.screening.band_counts import add_screening
from seafarers_home.screening.instruments import get_instrument
from seafarers_home.screening.models import (
    Battery,
    Campaign,
    CampaignInvite,
    Clearance,
    LessonCompletion,
    Response,
    Review,
    RiskLevel,
    Screening,
)
from seafarers_home.screening.review import (
    NOTE_MAX_LENGTH,
    REVIEW_PURPOSE,
    _require_clinician,
    validate_follow_up_on,
    validate_valid_until,
)
from seafarers_home.screening.risk import response_risk, screening_risk
from seafarers_home.screening.scoring import score
from seafarers_home.screening.services import (
    ScreeningClosed,
    _current_company_id,
    crisis_reason,
    payload_hash,
)
from seafarers_home.screening.training import Lesson

logger = logging.getLogger(__name__)


def do_start_screening(
    seafarer: User,
    battery: Battery | None,
    *,
    campaign: Campaign | None = None,
    instrument_codes: list[str] | None = None,
    request: HttpRequest | None = None,
) -> Screening:
    """Start the battery, or resume the seafarer's in-progress screening of it. Without a
    battery, the ``instrument_codes`` someone assigned (an incident's task: PC-PTSD-5 + PHQ-4)."""
    codes = list(battery.instrument_codes) if battery is not None else list(instrument_codes or [])
    for code in codes:
        get_instrument(code)  # raises UnknownInstrument: nothing stored
    with transaction.atomic():
        existing = next(
            (
                s
                for s in Screening.objects.select_for_update()
                .filter(seafarer=seafarer, battery=battery, status=Screening.Status.IN_PROGRESS)
                .order_by("-created_at")
                if battery is not None or s.instrument_codes == codes
            ),
            None,
        )
        if existing is not None:
            if campaign is not None and existing.campaign_id is None:
                existing.campaign = campaign
                existing.save(update_fields=["campaign", "updated_at"])
            screening = existing
        else:
            screening = Screening.objects.create(
                seafarer=seafarer,
                battery=battery,
                campaign=campaign,
                # Frozen: a battery edited later does not change a screening under way.
                instrument_codes=codes,
            )
            record_audit(
                seafarer,
                "screening.start",
                target=screening,
                purpose="screening",
                request=request,
                detail={"battery": battery.code} if battery else {"instruments": codes},
            )
        if campaign is not None:
            CampaignInvite.objects.filter(
                campaign=campaign, seafarer=seafarer, screening__isnull=True
            ).update(screening=screening)
    return screening


def do_submit_response(
    seafarer: User,
    instrument_code: str,
    answers: dict[str, int],
    *,
    screening: Screening | None = None,
    idempotency_key: str = "",
    complete_when_done: bool = False,
    request: HttpRequest | None = None,
) -> Response:
    """Score and store one instrument's answers. Raises UnknownInstrument, InvalidAnswers,
    IdempotencyConflict or ScreeningClosed, each before anything is written.

    ``complete_when_done``: when these were the last unanswered answers of ``screening``,
    complete it in the same transaction (as ``do_complete_screening``) and bring the given
    ``screening`` object up to date; its status tells the caller. The form's last page and a
    short message do this: one transaction and five queries fewer than completing after."""
    key = (idempotency_key or "")[:80]
    digest = payload_hash(instrument_code, answers, screening.pk if screening else None)
    instrument = get_instrument(instrument_code)
    result = score(instrument, answers)  # raises InvalidAnswers: nothing stored
    risk = response_risk(instrument, result)
    fields = {
        "instrument_version": instrument.version,
        "answers": json.dumps(answers, sort_keys=True),
        "total_score": result.total,
        "band": result.band_code,
        "safety_positive": result.safety_positive,
        "risk_level": risk,
        "idempotency_key": key,
        "payload_hash": digest if key else "",
        "company_id": _current_company_id(seafarer),
    }

    completed: list[Screening] = []

    def create() -> Response:
        locked = None
        stored: dict[str, Response] = {}
        if screening is not None:
            locked = Screening.objects.select_for_update().get(pk=screening.pk)
            if (
                locked.seafarer_id != seafarer.pk
                or locked.status != Screening.Status.IN_PROGRESS
                or instrument.code not in locked.instrument_codes
            ):
                raise ScreeningClosed(locked.pk)
            # Every page's answers (a handful of rows): this page's, and whether it is the last.
            stored = {r.instrument_code: r for r in Response.objects.filter(screening=locked)}
        response = stored.get(instrument.code)
        previous_risk = ""
        if response is not None:
            previous_risk = response.risk_level
            for name, value in fields.items():
                setattr(response, name, value)
            response.save()
            action = "screening.response_replace"
        else:
            response = Response.objects.create(
                screening=locked,
                seafarer=seafarer,
                instrument_code=instrument.code,
                **fields,
            )
            action = "screening.response_submit"
        record_audit(
            seafarer,
            action,
            target=response,
            purpose="screening",
            request=request,
            detail={"instrument": instrument.code, "version": instrument.version},
        )
        if risk == RiskLevel.CRISIS and previous_risk != RiskLevel.CRISIS:
            do_raise_crisis_alert(
                seafarer,
                source="screening",
                source_id=str(response.pk),
                reason=crisis_reason(instrument.code),
                request=request,
            )
        if (
            complete_when_done
            and locked is not None
            and all(code in stored or code == instrument.code for code in locked.instrument_codes)
        ):
            others = [r.risk_level for code, r in stored.items() if code != instrument.code]
            try:
                # In a savepoint: the answers (and a crisis alert they raised) must not be lost
                # to a failed completion; the page then completes it after (``_continue``).
                with transaction.atomic():
                    _close_screening(locked, [*others, risk], seafarer, request)
                completed.append(locked)
            except DatabaseError:
                logger.exception("completing screening %s with its last answers failed", locked.pk)
        return response

    response, created = create_once(
        Response.objects.filter(seafarer=seafarer), key, digest if key else "", create
    )
    if completed and created and screening is not None:  # committed: this request's own
        for name in ("status", "risk_level", "completed_at", "updated_at"):
            setattr(screening, name, getattr(completed[0], name))
    return response if created else mark_replay(response)


def do_complete_screening(screening: Screening, request: HttpRequest | None = None) -> Screening:
    """Close the screening: its risk is the highest of its responses'. Idempotent."""
    with transaction.atomic():
        # The seafarer read with it (the audit row names them), the lock on the screening only.
        screening = (
            Screening.objects.select_for_update(of=("self",))
            .select_related("seafarer")
            .get(pk=screening.pk)
        )
        if screening.status == Screening.Status.COMPLETED:
            return screening
        levels = list(screening.responses.values_list("risk_level", flat=True))
        _close_screening(screening, levels, screening.seafarer, request)
    return screening


def _close_screening(
    screening: Screening, levels: list[str], seafarer: User, request: HttpRequest | None
) -> None:
    """Complete ``screening`` (locked, in progress, in the caller's transaction) whose
    responses have ``levels``: its risk, the band counts, the invites, the audit row."""
    now = timezone.now()
    screening.risk_level = screening_risk(levels)
    screening.status = Screening.Status.COMPLETED
    screening.completed_at = now
    screening.save(update_fields=["risk_level", "status", "completed_at", "updated_at"])
    add_screening(screening)  # the union's and companies' band reports read the counts
    invites = CampaignInvite.objects.filter(
        seafarer_id=screening.seafarer_id, completed_at__isnull=True
    )
    if screening.campaign_id:
        invites = invites.filter(campaign_id=screening.campaign_id)
    else:
        invites = invites.filter(screening=screening)
    invites.update(completed_at=now, screening=screening)
    record_audit(
        seafarer, "screening.complete", target=screening, purpose="screening", request=request
    )


def do_record_review(
    screening: Screening,
    clinician: User,
    note: str,
    follow_up_on: datetime.date | None,
    request: HttpRequest | None = None,
) -> Review:
    _require_clinician(clinician)
    if screening.status != Screening.Status.COMPLETED:
        raise ValidationError(_("这次心理CT尚未完成,不能复核。"), code="not_completed")
    note = note or ""
    if not note.strip():
        raise ValidationError(_("请填写复核记录。"), code="empty_note")
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            _("复核记录过长(最多 %(max)d 字)。") % {"max": NOTE_MAX_LENGTH}, code="long_note"
        )
    validate_follow_up_on(follow_up_on)
    with transaction.atomic():
        review = Review.objects.create(
            screening=screening, clinician=clinician, note=note, follow_up_on=follow_up_on
        )
        screening.reviewed_at = timezone.now()
        screening.save(update_fields=["reviewed_at", "updated_at"])
        record_audit(
            clinician,
            "screening.review",
            target=screening,
            purpose=REVIEW_PURPOSE,
            request=request,
            detail={"review": review.pk, "follow_up_on": follow_up_on},
        )
    return review


def do_issue_clearance(
    seafarer: User,
    clinician: User,
    decision: str,
    valid_until: datetime.date,
    screening: Screening | None = None,
    request: HttpRequest | None = None,
    *,
    crisis_assessed: bool = False,
) -> Clearance:
    """``crisis_assessed``: the clinician confirms having assessed the seafarer's safety now,
    needed to clear for duty on a screening with a crisis signal (a slip of one radio button
    would otherwise tell an employer "fit for duty" the day a seafarer said they want to die)."""
    _require_clinician(clinician)
    if decision not in Clearance.Decision.values:
        raise ValidationError(_("请选择有效的结论。"), code="bad_decision")
    validate_valid_until(valid_until)
    if screening is not None and screening.seafarer_id != seafarer.pk:
        raise ValidationError(_("这次心理CT不属于该海员。"), code="wrong_seafarer")
    clears = decision != Clearance.Decision.NOT_CLEARED
    crisis = screening is not None and screening.risk_level == RiskLevel.CRISIS
    if clears and crisis and not crisis_assessed:
        raise ValidationError(
            _(
                "这次心理CT有危机信号。出具“适合出海”前,请确认您已评估过海员现在的安全"
                "状况,并勾选下面的确认。"
            ),
            code="crisis_not_assessed",
        )
    with transaction.atomic():
        clearance = Clearance.objects.create(
            seafarer=seafarer,
            screening=screening,
            clinician=clinician,
            decision=decision,
            valid_until=valid_until,
        )
        record_audit(
            clinician,
            "clearance.issue",
            target=clearance,
            purpose=REVIEW_PURPOSE,
            request=request,
            detail={
                "seafarer": seafarer.pk,
                "screening": screening.pk if screening else None,
                "decision": decision,
                "valid_until": valid_until,
            },
        )
    return clearance


def do_complete_lesson(
    user: User, lesson: Lesson, *, request: HttpRequest | None = None
) -> tuple[LessonCompletion, bool]:
    """Record that ``user`` finished ``lesson``. Idempotent: a second click (or a resubmitted
    form after a dropped link) returns the existing row and writes no second audit row."""
    existing = LessonCompletion.objects.filter(user=user, lesson_slug=lesson.slug).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            completion = LessonCompletion.objects.create(user=user, lesson_slug=lesson.slug)
            record_audit(
                user,
                "screening.lesson.complete",
                target=completion,
                purpose="pre-departure training",
                request=request,
                detail={"lesson": lesson.slug},
            )
    except IntegrityError:  # a concurrent duplicate submission won the race
        return LessonCompletion.objects.get(user=user, lesson_slug=lesson.slug), False
    return completion, True
